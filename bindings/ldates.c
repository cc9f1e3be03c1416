/*
** ldates.c -- placeholder opener; the dates binding replaces this file.
*/
#include "lbind.h"

int lede_open_dates(lua_State *L) {
  (void)L;
  return 0;
}
