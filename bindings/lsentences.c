/*
** lsentences.c -- placeholder opener; the sentences binding replaces this file.
*/
#include "lbind.h"

int lede_open_sentences(lua_State *L) {
  (void)L;
  return 0;
}
