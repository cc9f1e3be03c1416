/*
** lproc.c -- worker processes for `lede run -j N`: start the lede program
** again with other arguments, wait for it, stop it. Exposed as
** lede._proc (internal; not a public API).
**
**   _proc.spawn(argv [, env]) -> pid | nil, message
**       argv[1] is the program (a path: no PATH search); env is a table of
**       NAME = value pairs added to the environment of the child. The
**       child dies with its parent (PR_SET_PDEATHSIG), so a killed run
**       leaves no worker behind to race a re-run.
**   _proc.wait(pid [, nohang]) -> status | nil (still running)
**       status: the exit code, or 128 + the signal that ended it.
**   _proc.kill(pid [, "TERM"|"KILL"|"INT"]) -> true | nil, message
**   _proc.exe() -> the path of the running program (/proc/self/exe)
**   _proc.pid() -> this process's id
**   _proc.sleep(seconds)
*/
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lbind.h"

#define PROC_MAX_ARGS 4096

static int p_spawn(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer argc = luaL_len(L, 1);
  luaL_argcheck(L, argc >= 1 && argc < PROC_MAX_ARGS, 1, "1 to 4095 arguments (PROC_MAX_ARGS)");
  const char **argv = lua_newuserdatauv(L, sizeof(char *) * (size_t)(argc + 1), 0);
  for (lua_Integer i = 1; i <= argc; i++) {
    lua_rawgeti(L, 1, i);
    argv[i - 1] = luaL_checkstring(L, -1);   /* kept alive by the table */
    lua_pop(L, 1);
  }
  argv[argc] = NULL;
  /* the environment additions, collected before fork: no Lua after it */
  int nenv = 0;
  const char **names = NULL, **values = NULL;
  if (lua_istable(L, 2)) {
    lua_pushnil(L);
    while (lua_next(L, 2)) { nenv++; lua_pop(L, 1); }
    names = lua_newuserdatauv(L, sizeof(char *) * (size_t)(nenv + 1), 0);
    values = lua_newuserdatauv(L, sizeof(char *) * (size_t)(nenv + 1), 0);
    int k = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      names[k] = luaL_checkstring(L, -2);
      values[k] = luaL_checkstring(L, -1);
      k++;
      lua_pop(L, 1);
    }
  }
  pid_t parent = getpid();
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "cannot start a worker: %s", strerror(errno));
    return 2;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);    /* the parent died already */
    for (int k = 0; k < nenv; k++) setenv(names[k], values[k], 1);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  lua_pushinteger(L, (lua_Integer)pid);
  return 1;
}

static int p_wait(lua_State *L) {
  pid_t pid = (pid_t)luaL_checkinteger(L, 1);
  int nohang = lua_toboolean(L, 2);
  int status;
  pid_t r;
  do {
    r = waitpid(pid, &status, nohang ? WNOHANG : 0);
  } while (r < 0 && errno == EINTR && !nohang);
  if (r == 0) { lua_pushnil(L); return 1; }
  if (r < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "wait for worker %d: %s", (int)pid, strerror(errno));
    return 2;
  }
  if (WIFEXITED(status)) lua_pushinteger(L, WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) lua_pushinteger(L, 128 + WTERMSIG(status));
  else lua_pushinteger(L, 1);
  return 1;
}

static int p_kill(lua_State *L) {
  pid_t pid = (pid_t)luaL_checkinteger(L, 1);
  static const char *const names[] = { "TERM", "KILL", "INT", NULL };
  static const int sigs[] = { SIGTERM, SIGKILL, SIGINT };
  int which = luaL_checkoption(L, 2, "TERM", names);
  if (kill(pid, sigs[which]) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, strerror(errno));
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int p_exe(lua_State *L) {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) {
    luaL_pushfail(L);
    lua_pushstring(L, strerror(errno));
    return 2;
  }
  lua_pushlstring(L, buf, (size_t)n);
  return 1;
}

static int p_pid(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)getpid());
  return 1;
}

static int p_sleep(lua_State *L) {
  double s = luaL_checknumber(L, 1);
  if (s > 0) {
    struct timespec t = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {}
  }
  return 0;
}

static const luaL_Reg proc_funcs[] = {
  {"sleep", p_sleep},
  {"spawn", p_spawn},
  {"wait", p_wait},
  {"kill", p_kill},
  {"exe", p_exe},
  {"pid", p_pid},
  {NULL, NULL}
};

int lede_open_proc(lua_State *L) {
  luaL_newlib(L, proc_funcs);
  lua_setfield(L, -2, "_proc");
  return 0;
}
