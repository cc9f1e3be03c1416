/*
** main.c -- the `lede` program: Lua 5.4 with the module `lede` built in.
**
** All verbs are written in Lua (bindings/lua/cli.lua, embedded); this
** file sets up the state, hands over the command line and turns what the
** CLI returns into the exit status: 0 success, 1 bad input that was
** reported, 2 usage error.
*/
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "lbind.h"

int luaopen_lede(lua_State *L);
int luaopen_lede_readline(lua_State *L);  /* repl.c */

static lua_State *running;

/* Ctrl-C while a script runs: stop it at the next Lua instruction. */
static void stop_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void on_sigint(int sig) {
  signal(sig, SIG_DFL);  /* a second Ctrl-C kills the process */
  lede_interrupt();
  if (running)
    lua_sethook(running, stop_hook,
                LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) msg = luaL_tolstring(L, 1, NULL);
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Runs in protected mode: lede.cli.main(argv) -> exit status. */
static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_lede);
  lua_setfield(L, -2, "lede");
  lua_pushcfunction(L, luaopen_lede_readline);
  lua_setfield(L, -2, "lede.readline");
  lua_pop(L, 1);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "lede");
  lua_call(L, 1, 0);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "lede.cli");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "main");
  lua_createtable(L, argc, 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i);
  }
  lua_call(L, 1, 1);
  return 1;
}

int main(int argc, char **argv) {
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    fprintf(stderr, "lede: cannot create Lua state: not enough memory\n");
    return 1;
  }
  running = L;
  signal(SIGINT, on_sigint);
  signal(SIGXFSZ, SIG_IGN);  /* a file-size limit: an error, not a core dump */
  lua_pushcfunction(L, traceback);
  lua_pushcfunction(L, pmain);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  int status = 1;
  if (lua_pcall(L, 2, 1, 1) != LUA_OK) {
    fprintf(stderr, "lede: %s\n", lua_tostring(L, -1));
  } else {
    status = (int)lua_tointeger(L, -1);
  }
  /* Output that did not reach its file is a failure, never a quiet 0
     (a full disk, /dev/full, a file-size limit). A reader that stopped
     early (| head) ends the program with SIGPIPE as usual. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    int e = errno;
    fprintf(stderr, "lede: cannot write the output: %s\n",
            e ? strerror(e) : "write error");
    if (status == 0) status = 1;
  }
  running = NULL;
  lua_close(L);
  return status;
}
