/*
** repl.c -- placeholder for the line editor binding (libedit); the REPL
** work replaces this file. Provides the module "lede.readline".
*/
#include <stdio.h>
#include <string.h>

#include "lbind.h"

int luaopen_lede_readline(lua_State *L);

/* readline(prompt) -> line | nil at end of input (no editing here). */
static int r_readline(lua_State *L) {
  char buf[4096];
  const char *prompt = luaL_optstring(L, 1, "");
  fputs(prompt, stdout);
  fflush(stdout);
  if (!fgets(buf, sizeof buf, stdin)) return 0;
  size_t n = strlen(buf);
  if (n && buf[n - 1] == '\n') n--;
  lua_pushlstring(L, buf, n);
  return 1;
}

int luaopen_lede_readline(lua_State *L) {
  static const luaL_Reg funcs[] = {{"readline", r_readline}, {NULL, NULL}};
  luaL_newlib(L, funcs);
  return 1;
}
