/*
** lsandbox.c -- placeholder opener; the sandbox binding replaces this file.
*/
#include "lbind.h"

int lede_open_sandbox(lua_State *L) {
  (void)L;
  return 0;
}
