/*
** ldb.c -- placeholder opener; the db binding replaces this file.
*/
#include "lbind.h"

int lede_open_db(lua_State *L) {
  (void)L;
  return 0;
}
