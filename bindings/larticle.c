/*
** larticle.c -- placeholder opener; the article binding replaces this file.
*/
#include "lbind.h"

int lede_open_article(lua_State *L) {
  (void)L;
  return 0;
}
