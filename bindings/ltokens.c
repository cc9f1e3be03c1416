/*
** ltokens.c -- placeholder opener; the tokens binding replaces this file.
*/
#include "lbind.h"

int lede_open_tokens(lua_State *L) {
  (void)L;
  return 0;
}
