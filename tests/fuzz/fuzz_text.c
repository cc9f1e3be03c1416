/*
** fuzz_text.c -- libFuzzer target for the UTF-8 text layer.
** Invariants: lede_repair's output always passes lede_check, is the input
** itself when the input was valid, and repairs nothing then; lede_decode
** advances by 1..4 bytes and agrees with lede_check on validity; the BOM
** length is 0 or 3.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  size_t bad = (size_t)-1, out_n = 0, fixed = 0, i, len;
  char *out = NULL;
  int rc = lede_check(s, size, &bad);
  CHECK(rc == LEDE_OK || rc == LEDE_EUTF8 || rc == LEDE_ENUL);
  if (rc != LEDE_OK) CHECK(bad < size);

  CHECK(lede_repair(s, size, &out, &out_n, &fixed) == LEDE_OK);
  CHECK(out != NULL && out[out_n] == '\0');
  CHECK(lede_check(out, out_n, NULL) == LEDE_OK);
  if (rc == LEDE_OK) {
    CHECK(fixed == 0 && out_n == size && memcmp(out, s, size) == 0);
  } else {
    CHECK(fixed >= 1 && fixed <= size);
  }
  lede_free(out);

  /* decode walks every byte; a U+FFFD of length 1 marks a bad byte unless
     the input spelled U+FFFD (3 bytes) */
  int saw_bad = 0;
  for (i = 0; i < size; i += len) {
    int32_t c = lede_decode(s, size, i, &len);
    CHECK(len >= 1 && len <= 4 && i + len <= size);
    CHECK(c >= 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF));
    if ((c == 0xFFFD && len == 1) || c == 0) saw_bad = 1;
  }
  CHECK(saw_bad == (rc != LEDE_OK));

  size_t bom = lede_bom_len(s, size);
  CHECK(bom == 0 || bom == 3);
  return 0;
}
