/*
** lede.c -- what the whole library shares: error messages, freeing,
** and the cancel check that long loops consult.
*/
#include <stdlib.h>

#include "lede.h"

const char *lede_errmsg(int rc) {
  switch (rc) {
  case LEDE_OK:       return "success";
  case LEDE_ENOMEM:   return "out of memory";
  case LEDE_EUTF8:    return "invalid UTF-8";
  case LEDE_ENUL:     return "NUL byte in text";
  case LEDE_EINVAL:   return "invalid argument";
  case LEDE_ESTOPPED: return "stopped by callback";
  case LEDE_ELIMIT:   return "limit exceeded";
  case LEDE_ECANCEL:  return "cancelled";
  default:            return "unknown error";
  }
}

void lede_free(void *p) { free(p); }

static lede_cancel_fn cancel_fn;
static void *cancel_ud;

void lede_set_cancel(lede_cancel_fn fn, void *ud) {
  cancel_fn = fn;
  cancel_ud = ud;
}

int lede_cancelled(void) { return cancel_fn != NULL && cancel_fn(cancel_ud); }
