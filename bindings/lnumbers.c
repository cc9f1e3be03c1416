/*
** lnumbers.c -- placeholder opener; the numbers binding replaces this file.
*/
#include "lbind.h"

int lede_open_numbers(lua_State *L) {
  (void)L;
  return 0;
}
