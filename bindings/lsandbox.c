/*
** lsandbox.c -- the limits under which plugins run: lede._sandbox.
**
** Plugins are untrusted code (docs/plugins.md). bindings/lua/plugin.lua
** builds their whitelisted environment; this file gives it the two limits
** that cannot be written in Lua:
**
**   memory  The state's allocator is wrapped once (lua_getallocf /
**           lua_setallocf) and counts the bytes in use. While a plugin
**           call runs, an allocation that would take the count beyond
**           (count at the start of the call) + cap is refused, which Lua
**           turns into a memory error after an emergency collection. Works
**           in any lua_State: stock lua5.4 with lede.so and the lede
**           program alike.
**   CPU     An instruction-count hook (LUA_MASKCOUNT) compares the
**           process CPU time with the call's deadline and raises once it
**           has passed; from then on it fires at every instruction, so a
**           plugin cannot catch the error with pcall and go on. The hook
**           never fires inside a C function, so the same deadline is also
**           installed as liblede's cancel check (lede_set_cancel): long
**           core loops return LEDE_ECANCEL and the bindings raise.
**
** Lua API (internal; plugin.lua is the only user):
**   _sandbox.call(name, limits, fn, ...) -> results of fn(...)
**       limits = {cpu = seconds, memory = bytes} (nil fields: defaults).
**       Runs fn under the limits and restores the previous hook, cancel
**       check and memory state afterwards, error or not. Any error is
**       re-raised naming the plugin; a limit names itself:
**         "plugin 'x': memory limit exceeded (limit is 256 MB)"
**         "plugin 'x': CPU budget exceeded (limit is 2 s)"
**       A call made while another is running (a plugin function called
**       from a plugin function) runs under the outer call's limits.
**   _sandbox.realpath(path) -> absolute path without symlinks | nil, msg
**   _sandbox.memory() -> bytes allocated since the sandbox was installed
**       (may be negative: blocks from before are freed through it too)
**   _sandbox.defaults -> {cpu = LEDE_SANDBOX_CPU, memory = ...}
*/
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lbind.h"

/* Defaults, named in the errors they cause. */
#define LEDE_SANDBOX_CPU        2.0                  /* seconds of CPU */
#define LEDE_SANDBOX_MEMORY     (256LL * 1024 * 1024) /* bytes */
/* Instructions between two looks at the clock. */
#define LEDE_SANDBOX_HOOK_COUNT 10000
#define LEDE_SANDBOX_MAX_NAME   64

typedef struct sandbox {
  lua_Alloc orig_f;       /* the allocator we wrap */
  void *orig_ud;
  long long used;         /* bytes in use, counted since installation */
  long long limit;        /* refuse growth beyond this while capped */
  int capped;             /* memory cap on */
  int mem_hit;            /* an allocation was refused in this call */
  int cpu_hit;            /* the deadline passed in this call */
  int depth;              /* nesting of _sandbox.call */
  double deadline;        /* process CPU seconds */
  double cpu_limit;
  long long mem_limit;
  char name[LEDE_SANDBOX_MAX_NAME];
} sandbox;

static const char SANDBOX_KEY = 's';  /* registry[&SANDBOX_KEY] */

static sandbox *getsb(lua_State *L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &SANDBOX_KEY);
  sandbox *sb = (sandbox *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  return sb;
}

/* ------------------------------------------------------------- memory */

/*
** The wrapping allocator. For ptr == NULL, osize is a type tag, not a
** size (lua_Alloc's contract), so the old size is 0 then. Only growth is
** ever refused; frees and shrinks always go through.
*/
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  sandbox *sb = (sandbox *)ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    sb->used -= (long long)old;
    return sb->orig_f(sb->orig_ud, ptr, osize, 0);
  }
  if (sb->capped && nsize > old) {
    size_t grow = nsize - old;
    if (sb->used >= sb->limit ||
        grow > (size_t)(sb->limit - sb->used)) {
      sb->mem_hit = 1;
      return NULL;
    }
  }
  void *p = sb->orig_f(sb->orig_ud, ptr, osize, nsize);
  if (p) {
    if (nsize >= old) sb->used += (long long)(nsize - old);
    else sb->used -= (long long)(old - nsize);
  }
  return p;
}

/*
** __gc of the sandbox userdata: at lua_close, puts the original allocator
** back before the userdata (which the wrapper points at) is freed.
*/
static int sb_gc(lua_State *L) {
  sandbox *sb = (sandbox *)lua_touserdata(L, 1);
  void *ud;
  if (lua_getallocf(L, &ud) == sb_alloc && ud == sb)
    lua_setallocf(L, sb->orig_f, sb->orig_ud);
  return 0;
}

/* ---------------------------------------------------------------- CPU */

static double cpu_now(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sb_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  sandbox *sb = getsb(L);
  if (sb == NULL || sb->depth == 0) return;
  if (sb->cpu_hit || cpu_now() > sb->deadline) {
    sb->cpu_hit = 1;
    /* From now on every instruction raises: pcall cannot swallow it. */
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "CPU budget exceeded");
  }
}

/* liblede's cancel check during a call: the same deadline. */
static int sb_cancel(void *ud) {
  sandbox *sb = (sandbox *)ud;
  if (sb->cpu_hit || cpu_now() > sb->deadline) {
    sb->cpu_hit = 1;
    return 1;
  }
  return 0;
}

/* --------------------------------------------------------------- call */

static void push_limit_error(lua_State *L, sandbox *sb, int cpu) {
  if (cpu) {
    char num[32];
    snprintf(num, sizeof num, "%g", sb->cpu_limit);
    lua_pushfstring(L, "plugin '%s': CPU budget exceeded (limit is %s s)",
                    sb->name, num);
  } else {
    const long long mb = 1024LL * 1024;
    char num[48];
    if (sb->mem_limit % mb == 0)
      snprintf(num, sizeof num, "%lld MB", sb->mem_limit / mb);
    else
      snprintf(num, sizeof num, "%lld bytes", sb->mem_limit);
    lua_pushfstring(L, "plugin '%s': memory limit exceeded (limit is %s)",
                    sb->name, num);
  }
}

static double optnum(lua_State *L, int t, const char *key, double def) {
  if (lua_isnoneornil(L, t)) return def;
  double v = def;
  if (lua_getfield(L, t, key) != LUA_TNIL) {
    int ok;
    v = (double)lua_tonumberx(L, -1, &ok);
    if (!ok || !(v > 0))
      luaL_error(L, "sandbox limit '%s' must be a positive number", key);
  }
  lua_pop(L, 1);
  return v;
}

/*
** _sandbox.call(name, limits, fn, ...) -> fn's results; see the header.
*/
static int sb_call(lua_State *L) {
  size_t namelen;
  const char *name = luaL_checklstring(L, 1, &namelen);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TFUNCTION);
  double cpu = optnum(L, 2, "cpu", LEDE_SANDBOX_CPU);
  double mem = optnum(L, 2, "memory", (double)LEDE_SANDBOX_MEMORY);
  sandbox *sb = getsb(L);
  if (sb == NULL) return luaL_error(L, "lede: sandbox not installed");
  int nargs = lua_gettop(L) - 3;

  if (sb->depth > 0) {  /* nested: the outer limits hold */
    sb->depth++;
    int st = lua_pcall(L, nargs, LUA_MULTRET, 0);
    sb->depth--;
    if (st != LUA_OK) return lua_error(L);
    return lua_gettop(L) - 2;
  }

  /* Save what we change. */
  lua_Hook old_hook = lua_gethook(L);
  int old_mask = lua_gethookmask(L);
  int old_count = lua_gethookcount(L);

  if (namelen >= sizeof sb->name) namelen = sizeof sb->name - 1;
  memcpy(sb->name, name, namelen);
  sb->name[namelen] = '\0';
  sb->cpu_limit = cpu;
  sb->mem_limit = mem >= 9e18 ? LLONG_MAX / 2 : (long long)mem;
  sb->mem_hit = sb->cpu_hit = 0;
  sb->depth = 1;
  sb->deadline = cpu_now() + cpu;
  sb->limit = sb->used > LLONG_MAX / 2 - sb->mem_limit
                  ? LLONG_MAX / 2 : sb->used + sb->mem_limit;
  sb->capped = 1;
  lua_sethook(L, sb_hook, LUA_MASKCOUNT, LEDE_SANDBOX_HOOK_COUNT);
  lede_set_cancel(sb_cancel, sb);

  int st = lua_pcall(L, nargs, LUA_MULTRET, 0);

  /* Restore, whatever happened. */
  lede_set_cancel(NULL, NULL);
  lua_sethook(L, old_hook, old_mask, old_count);
  sb->capped = 0;
  sb->depth = 0;
  int cpu_hit = sb->cpu_hit, mem_hit = sb->mem_hit;
  sb->cpu_hit = sb->mem_hit = 0;

  if (st == LUA_OK) return lua_gettop(L) - 2;
  if (cpu_hit) {
    push_limit_error(L, sb, 1);
  } else if (st == LUA_ERRMEM || (mem_hit && lua_type(L, -1) == LUA_TSTRING &&
             strstr(lua_tostring(L, -1), "not enough memory"))) {
    push_limit_error(L, sb, 0);
  } else {
    const char *msg = lua_tostring(L, -1);
    if (msg == NULL) msg = luaL_typename(L, -1);
    lua_pushfstring(L, "plugin '%s': %s", sb->name, msg);
  }
  return lua_error(L);
}

/* _sandbox.realpath(path) -> resolved | nil, message */
static int sb_realpath(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char *r = realpath(path, NULL);
  if (r == NULL) {
    int e = errno;
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(e));
    return 2;
  }
  lua_pushstring(L, r);
  free(r);
  return 1;
}

/* _sandbox.memory() -> bytes counted since installation */
static int sb_memory(lua_State *L) {
  sandbox *sb = getsb(L);
  lua_pushinteger(L, sb ? (lua_Integer)sb->used : 0);
  return 1;
}

static const luaL_Reg sb_funcs[] = {
  {"call", sb_call},
  {"realpath", sb_realpath},
  {"memory", sb_memory},
  {NULL, NULL}
};

/*
** Installs the wrapping allocator once per state (a second luaopen_lede
** finds it in the registry) and sets module._sandbox.
*/
int lede_open_sandbox(lua_State *L) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &SANDBOX_KEY) == LUA_TNIL) {
    lua_pop(L, 1);
    sandbox *sb = (sandbox *)lua_newuserdatauv(L, sizeof *sb, 0);
    memset(sb, 0, sizeof *sb);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, sb_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &SANDBOX_KEY);
    sb->orig_f = lua_getallocf(L, &sb->orig_ud);
    lua_setallocf(L, sb_alloc, sb);
  } else {
    lua_pop(L, 1);
  }
  lua_createtable(L, 0, 4);
  luaL_setfuncs(L, sb_funcs, 0);
  lua_createtable(L, 0, 2);
  lua_pushnumber(L, LEDE_SANDBOX_CPU);
  lua_setfield(L, -2, "cpu");
  lua_pushinteger(L, (lua_Integer)LEDE_SANDBOX_MEMORY);
  lua_setfield(L, -2, "memory");
  lua_setfield(L, -2, "defaults");
  lua_setfield(L, -2, "_sandbox");
  return 0;
}
