/*
** lsandbox.c -- where plugins run: lede._sandbox (docs/plugins.md).
**
** Each plugin lives in a Lua state of its own (a "box"), never in the
** host's. The box is built for it from an allow-list (plugin_env.lua):
** string, table, math, utf8, os.time/date/clock and the pure text
** functions of lede; no io, os, package, debug, load. Nothing of the
** host's is reachable from the box, so what a plugin changes (a
** metatable, math.randomseed, a document, the string library) it changes
** in its own state only; and no plugin code can run in the host.
**
** What crosses the border is data, copied (copy_value): nil, booleans,
** numbers, strings, tables (raw, without metatables, cycles kept, at most
** LEDE_BOX_MAX_DEPTH deep). A document goes in as a new document of the
** box; lede.null as the box's null; a database handle only to a plugin
** that declares "db", as a proxy whose calls come back through
** box_bridge, run on the host's connection in restricted mode (ldb.c:
** no ATTACH, VACUUM, file PRAGMAs) and with SQLite's heap bounded. A
** function never crosses: passing one in or returning one is an error.
**
** Limits, enforced in C:
**   memory  The box's allocator counts every byte of the box (its data
**           kept between calls included) and refuses growth beyond the
**           cap; Lua raises a memory error in the box.
**   CPU     An instruction-count hook compares the process CPU time with
**           the call's deadline and raises; from then on it fires at every
**           instruction, so pcall cannot swallow it. The same deadline is
**           liblede's cancel check during the call (core loops stop with
**           LEDE_ECANCEL) and SQLite's progress check. C functions of Lua
**           that the hook cannot see are replaced in plugin_env.lua by
**           bounded ones (string.rep, table.move/insert/remove, patterns).
**   Ctrl-C  A pending interrupt (lede_interrupted, lsys.c) stops the call
**           at the next hook or cancel check.
**   files   open() (permission "read") reads a whole regular file of the
**           plugin's own folder into the box and closes it at once: no
**           descriptor stays open, FIFOs and devices are refused.
**
** Lua API (internal; plugin.lua is the only user):
**   _sandbox.new(name, {cpu=, memory=, dir=, read=, db=}, null) -> box
**   box:load(src) -> manifest (data; functions become their names)
**   box:call(fname, limits, ...) -> results of the plugin's fname(...)
**   box:test(files, limits) -> passed, failed, pending, messages
**   box:memory() -> bytes the box holds
**   _sandbox.realpath(path) -> absolute path | nil, msg
**   _sandbox.readfile(path, max) -> bytes | nil, msg (regular files only)
**   _sandbox.defaults -> {cpu = LEDE_SANDBOX_CPU, memory = ...}
** Errors name the plugin; a limit names itself:
**   "plugin 'x': memory limit exceeded (limit is 256 MB)"
**   "plugin 'x': CPU budget exceeded (limit is 2 s)"
*/
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lualib.h>
#include <sqlite3.h>

#include "lbind.h"

/* Defaults, named in the errors they cause. */
#define LEDE_SANDBOX_CPU        2.0                   /* seconds of CPU */
#define LEDE_SANDBOX_MEMORY     (256LL * 1024 * 1024) /* bytes */
/* Instructions between two looks at the clock. */
#define LEDE_SANDBOX_HOOK_COUNT 10000
#define LEDE_SANDBOX_MAX_NAME   64
/* Deepest table that crosses the border. */
#define LEDE_BOX_MAX_DEPTH      64
/* Largest file open() or a plugin.lua may be. */
#define LEDE_BOX_MAX_FILE       (64LL * 1024 * 1024)

#define BOX_TYPE "lede.PluginBox"

typedef struct box {
  lua_State *P;           /* the plugin's state; NULL once closed */
  lua_State *host;        /* the host's state during a call */
  int hostbase;           /* first argument of the call on host's stack */
  int nargs;
  const char *entry;      /* the prelude's entry point being called */
  long long used;         /* bytes of P */
  long long cap;          /* growth beyond this is refused */
  int mem_hit, cpu_hit, intr_hit;
  int active;             /* a call is running */
  int can_read, can_db;
  double deadline, cpu_limit;
  char name[LEDE_SANDBOX_MAX_NAME];
  char dir[PATH_MAX];     /* realpath of the plugin's folder */
} box;

#define checkbox(L) ((box *)luaL_checkudata(L, 1, BOX_TYPE))

/* Registry keys of P. */
static const char ENV_KEY = 'e';    /* the prelude's table of entry points */
static const char BOX_KEY = 'b';    /* light userdata: the box */

/* ------------------------------------------------------------- memory */

/* P's allocator: counts and caps the whole state. */
static void *box_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  box *b = (box *)ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    b->used -= (long long)old;
    free(ptr);
    return NULL;
  }
  if (nsize > old) {
    size_t grow = nsize - old;
    if (b->used >= b->cap || grow > (size_t)(b->cap - b->used)) {
      b->mem_hit = 1;
      return NULL;
    }
  }
  void *p = realloc(ptr, nsize);
  if (p) b->used += (long long)nsize - (long long)old;
  return p;
}

/* ---------------------------------------------------------------- CPU */

static double cpu_now(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static box *getbox(lua_State *P) {
  lua_rawgetp(P, LUA_REGISTRYINDEX, &BOX_KEY);
  box *b = (box *)lua_touserdata(P, -1);
  lua_pop(P, 1);
  return b;
}

/* Whether the running call must stop now (deadline, Ctrl-C). */
static int box_expired(box *b) {
  if (b->cpu_hit || b->intr_hit) return 1;
  if (lede_interrupted()) { b->intr_hit = 1; return 1; }
  if (cpu_now() > b->deadline) { b->cpu_hit = 1; return 1; }
  return 0;
}

static void box_hook(lua_State *P, lua_Debug *ar) {
  (void)ar;
  box *b = getbox(P);
  if (b == NULL || !b->active) return;
  if (box_expired(b)) {
    /* From now on every instruction raises: pcall cannot swallow it. */
    lua_sethook(P, box_hook, LUA_MASKCOUNT, 1);
    luaL_error(P, b->intr_hit ? "interrupted" : "CPU budget exceeded");
  }
}

static int box_cancel(void *ud) {
  return box_expired((box *)ud);
}

/* ----------------------------------------------------------- copying */

/*
** Copies the value at F[idx] onto T's stack. `seen` (an index in T) maps
** a source table (light userdata of its address) to its copy. dir is 'i'
** (host to box) or 'o' (box to host). Raises in T on what may not cross:
** in T = P that is a box error (inside P's protected call); in T = host
** the host error (P is idle then).
*/
static void copy_value(box *b, lua_State *F, int idx, lua_State *T, int seen,
                       int depth, int dir);

/* Whether the metatable of F[idx] is named `name` (its __name). */
static int has_mt_name(lua_State *F, int idx, const char *name) {
  int r = 0;
  if (luaL_getmetafield(F, idx, "__name") != LUA_TNIL) {
    r = lua_type(F, -1) == LUA_TSTRING && strcmp(lua_tostring(F, -1), name) == 0;
    lua_pop(F, 1);
  }
  return r;
}

/* Pushes entry point `fname` of the prelude (in P). */
static void push_entry(lua_State *P, const char *fname) {
  lua_rawgetp(P, LUA_REGISTRYINDEX, &ENV_KEY);
  lua_getfield(P, -1, fname);
  lua_remove(P, -2);
}

static void copy_table(box *b, lua_State *F, int idx, lua_State *T, int seen,
                       int depth, int dir) {
  const void *key = lua_topointer(F, idx);
  lua_pushlightuserdata(T, (void *)key);
  if (lua_rawget(T, seen) == LUA_TTABLE) return;
  lua_pop(T, 1);
  if (depth > LEDE_BOX_MAX_DEPTH) {
    if (dir == 'o') luaL_error(T, "plugin '%s': result nested deeper than %d "
                               "levels (LEDE_BOX_MAX_DEPTH)", b->name,
                               LEDE_BOX_MAX_DEPTH);
    luaL_error(T, "argument nested deeper than %d levels (LEDE_BOX_MAX_DEPTH)",
               LEDE_BOX_MAX_DEPTH);
  }
  int isdoc = dir == 'i' && has_mt_name(F, idx, "lede.Document");
  lua_newtable(T);
  lua_pushlightuserdata(T, (void *)key);
  lua_pushvalue(T, -2);
  lua_rawset(T, seen);
  int t = lua_gettop(T);
  if (!lua_checkstack(F, 4) || !lua_checkstack(T, 8))
    luaL_error(T, "no stack space to copy a table");
  if (isdoc) {  /* a document read into a lede.Text makes its string now */
    lua_getfield(F, idx, "text");
    lua_pop(F, 1);
  }
  lua_pushnil(F);
  while (lua_next(F, idx)) {
    /* a document's caches stay behind; its metadata date goes along */
    if (isdoc && lua_type(F, -2) == LUA_TSTRING) {
      const char *k = lua_tostring(F, -2);
      if (k[0] == '_' && strcmp(k, "_meta_date") != 0) {
        lua_pop(F, 1);
        continue;
      }
    }
    copy_value(b, F, lua_gettop(F) - 1, T, seen, depth + 1, dir);
    copy_value(b, F, lua_gettop(F), T, seen, depth + 1, dir);
    lua_rawset(T, t);
    lua_pop(F, 1);
  }
  if (isdoc) {  /* a document of the box's own */
    push_entry(T, "document");
    lua_pushvalue(T, t);
    lua_call(T, 1, 0);
  }
}

/* A database handle given to a plugin: kept in the call's list of
   handles (host registry[b]); the box gets a proxy with its index. */
static void copy_db_in(box *b, lua_State *H, int idx, lua_State *P) {
  if (!b->can_db)
    luaL_error(P, "plugin '%s' uses permission 'db' (a database handle passed "
               "as an argument) but does not declare it: add permissions = "
               "{\"db\"} to its plugin.lua", b->name);
  if (!lua_checkstack(H, 4)) luaL_error(P, "host stack exhausted");
  idx = lua_absindex(H, idx);
  lua_rawgetp(H, LUA_REGISTRYINDEX, b);
  lua_Integer n = (lua_Integer)lua_rawlen(H, -1) + 1;
  lua_pushvalue(H, idx);
  lua_rawseti(H, -2, n);
  lua_pop(H, 1);
  push_entry(P, "database");
  lua_pushinteger(P, n);
  lua_call(P, 1, 1);
}

static void copy_value(box *b, lua_State *F, int idx, lua_State *T, int seen,
                       int depth, int dir) {
  switch (lua_type(F, idx)) {
  case LUA_TNIL: lua_pushnil(T); break;
  case LUA_TBOOLEAN: lua_pushboolean(T, lua_toboolean(F, idx)); break;
  case LUA_TNUMBER:
    if (lua_isinteger(F, idx)) lua_pushinteger(T, lua_tointeger(F, idx));
    else lua_pushnumber(T, lua_tonumber(F, idx));
    break;
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(F, idx, &n);
    lua_pushlstring(T, s, n);
    break;
  }
  case LUA_TTABLE:
    copy_table(b, F, idx, T, seen, depth, dir);
    break;
  case LUA_TUSERDATA:
    if (dir == 'i') {
      if (lede_isnull(F, idx)) { push_entry(T, "null"); break; }
      if (has_mt_name(F, idx, "lede.Database")) {
        copy_db_in(b, F, idx, T);
        break;
      }
      luaL_error(T, "a %s cannot be passed to a plugin", luaL_typename(F, idx));
    } else {
      push_entry(F, "null");
      int isnull = lua_rawequal(F, -1, idx);
      lua_pop(F, 1);
      if (isnull) { lede_pushnull(T); break; }
      luaL_error(T, "plugin '%s' returned a userdata (results are data only)",
                 b->name);
    }
    break;
  default:
    if (dir == 'i')
      luaL_error(T, "a %s cannot be passed to a plugin (arguments are data "
                 "only)", luaL_typename(F, idx));
    luaL_error(T, "plugin '%s' returned a %s (results are data only: "
               "strings, numbers, booleans, tables)", b->name,
               luaL_typename(F, idx));
  }
}

/* ------------------------------------------------------------ calling */

static void push_limit_error(lua_State *L, box *b) {
  if (b->intr_hit) {
    lua_pushfstring(L, "plugin '%s': interrupted", b->name);
  } else if (b->cpu_hit) {
    char num[32];
    snprintf(num, sizeof num, "%g", b->cpu_limit);
    lua_pushfstring(L, "plugin '%s': CPU budget exceeded (limit is %s s)",
                    b->name, num);
  } else {
    const long long mb = 1024LL * 1024;
    char num[48];
    if (b->cap % mb == 0) snprintf(num, sizeof num, "%lld MB", b->cap / mb);
    else snprintf(num, sizeof num, "%lld bytes", b->cap);
    lua_pushfstring(L, "plugin '%s': memory limit exceeded (limit is %s)",
                    b->name, num);
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

static void set_limits(lua_State *L, box *b, int t) {
  double cpu = optnum(L, t, "cpu", LEDE_SANDBOX_CPU);
  double mem = optnum(L, t, "memory", (double)LEDE_SANDBOX_MEMORY);
  b->cpu_limit = cpu;
  b->cap = mem >= 9e18 ? LLONG_MAX / 2 : (long long)mem;
}

/* In P, protected: copies the host's arguments in, calls the entry. */
static int p_entry(lua_State *P) {
  box *b = getbox(P);
  lua_newtable(P);                              /* 1: seen */
  push_entry(P, b->entry);
  if (!lua_checkstack(P, b->nargs + 8)) return luaL_error(P, "too many arguments");
  for (int i = 0; i < b->nargs; i++)
    copy_value(b, b->host, b->hostbase + i, P, 1, 1, 'i');
  lua_call(P, b->nargs, LUA_MULTRET);
  return lua_gettop(P) - 1;
}

/*
** Runs entry point `entry` of P with the host's values
** host[base .. base+nargs-1] under the box's limits; leaves the results
** on the host's stack and returns their count, or raises in the host.
** host[base - 1] is a fresh table (the database handles of this call).
*/
static int run(lua_State *L, box *b, const char *entry, int base, int nargs) {
  if (b->P == NULL) return luaL_error(L, "plugin '%s': closed", b->name);
  if (b->active)
    return luaL_error(L, "plugin '%s': a plugin call cannot start inside "
                      "another", b->name);
  lua_State *P = b->P;
  lua_settop(P, 0);
  b->host = L;
  b->hostbase = base;
  b->nargs = nargs;
  b->entry = entry;
  lua_pushvalue(L, base - 1);                 /* the handles of this call */
  lua_rawsetp(L, LUA_REGISTRYINDEX, b);
  b->mem_hit = b->cpu_hit = b->intr_hit = 0;
  b->deadline = cpu_now() + b->cpu_limit;
  b->active = 1;
  lua_sethook(P, box_hook, LUA_MASKCOUNT, LEDE_SANDBOX_HOOK_COUNT);
  lede_set_cancel(box_cancel, b);
  lua_pushcfunction(P, p_entry);   /* no allocation before the pcall */
  int st = lua_pcall(P, 0, LUA_MULTRET, 0);
  lede_set_cancel(NULL, NULL);
  lua_sethook(P, NULL, 0, 0);
  b->active = 0;
  b->host = NULL;
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, b);
  if (st != LUA_OK) {
    if (b->cpu_hit || b->intr_hit || st == LUA_ERRMEM ||
        (b->mem_hit && lua_type(P, -1) == LUA_TSTRING &&
         strstr(lua_tostring(P, -1), "not enough memory"))) {
      push_limit_error(L, b);
    } else if (lua_type(P, -1) == LUA_TSTRING) {
      size_t n;
      const char *msg = lua_tolstring(P, -1, &n);
      if (strncmp(msg, "plugin '", 8) == 0) lua_pushlstring(L, msg, n);
      else lua_pushfstring(L, "plugin '%s': %s", b->name, msg);
    } else {
      lua_pushfstring(L, "plugin '%s': error object is a %s", b->name,
                      luaL_typename(P, -1));
    }
    lua_settop(P, 0);
    return lua_error(L);
  }
  int n = lua_gettop(P);
  luaL_checkstack(L, n + 4, "too many results from a plugin");
  lua_newtable(L);
  int seen = lua_gettop(L);
  for (int i = 1; i <= n; i++) copy_value(b, P, i, L, seen, 1, 'o');
  lua_settop(P, 0);
  lua_remove(L, seen);
  return n;
}

/* box:call(fname, limits, ...) -> the plugin's results */
static int box_call(lua_State *L) {
  box *b = checkbox(L);
  luaL_checkstring(L, 2);
  set_limits(L, b, 3);
  lua_remove(L, 3);           /* 1 box, 2 fname, 3.. args */
  lua_newtable(L);            /* the database handles of this call */
  lua_insert(L, 2);           /* 1 box, 2 handles, 3 fname, 4.. args */
  int nargs = lua_gettop(L) - 2;
  int base = 3;
  int n = run(L, b, "call", base, nargs);
  return n;
}

/* box:load(src, limits) -> manifest */
static int box_load(lua_State *L) {
  box *b = checkbox(L);
  luaL_checkstring(L, 2);
  set_limits(L, b, 3);
  lua_settop(L, 2);
  lua_newtable(L);
  lua_insert(L, 2);           /* 1 box, 2 handles, 3 src */
  return run(L, b, "load", 3, 1);
}

/* box:test(files, limits) -> passed, failed, pending, messages */
static int box_test(lua_State *L) {
  box *b = checkbox(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  set_limits(L, b, 3);
  lua_settop(L, 2);
  lua_newtable(L);
  lua_insert(L, 2);
  return run(L, b, "test", 3, 1);
}

/* box:grant(read, db): the permissions of the manifest, once loaded. */
static int box_grant(lua_State *L) {
  box *b = checkbox(L);
  b->can_read = lua_toboolean(L, 2);
  b->can_db = lua_toboolean(L, 3);
  return 0;
}

static int box_memory(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)checkbox(L)->used);
  return 1;
}

static int box_gc(lua_State *L) {
  box *b = (box *)luaL_checkudata(L, 1, BOX_TYPE);
  if (b->P != NULL && !b->active) {
    lua_close(b->P);
    b->P = NULL;
  }
  return 0;
}

/* -------------------------------------------------- bridge (box -> host) */

/* Methods of a database a plugin may call (plugin_env.lua builds the proxy). */
static const char *const db_allowed[] = {
  "exec", "one", "insert", "upsert", "lookup", "count", "tables", "columns",
  "rows", NULL
};

/* In the host, protected: handle = handles[i]; results = handle:method(args). */
static int host_bridge(lua_State *L) {
  box *b = (box *)lua_touserdata(L, 1);
  lua_State *P = b->P;
  lua_Integer hi = lua_tointeger(P, 1);
  const char *method = lua_tostring(P, 2);
  int nargs = lua_gettop(P) - 2;
  lua_rawgetp(L, LUA_REGISTRYINDEX, b);       /* the handles of the call */
  lua_rawgeti(L, -1, hi);                     /* the handle */
  int h = lua_gettop(L);
  if (lua_type(L, h) != LUA_TUSERDATA) return luaL_error(L, "bad database handle");
  int rows = strcmp(method, "rows") == 0;
  lua_getfield(L, h, rows ? "query" : method);
  lua_pushvalue(L, h);
  lua_newtable(L);
  int seen = lua_gettop(L);
  luaL_checkstack(L, nargs + 8, "too many arguments");
  for (int i = 0; i < nargs; i++) copy_value(b, P, 3 + i, L, seen, 1, 'o');
  lua_remove(L, seen);
  int was = lede_db_restrict(L, h, 1);
  sqlite3_int64 old = sqlite3_hard_heap_limit64(-1);
  sqlite3_hard_heap_limit64(sqlite3_memory_used() + b->cap);
  int st = lua_pcall(L, nargs + 1, rows ? 1 : LUA_MULTRET, 0);
  if (st == LUA_OK && rows) {        /* the whole result, as an array */
    int cur = lua_gettop(L);
    lua_newtable(L);
    int out = lua_gettop(L);
    for (lua_Integer i = 1;; i++) {
      lua_pushvalue(L, cur);
      st = lua_pcall(L, 0, 1, 0);
      if (st != LUA_OK || lua_isnil(L, -1)) break;
      lua_rawseti(L, out, i);
    }
    if (st == LUA_OK) { lua_pop(L, 1); lua_remove(L, cur); }
  }
  sqlite3_hard_heap_limit64(old);
  lede_db_restrict(L, h, was);
  if (st != LUA_OK) return lua_error(L);
  return lua_gettop(L) - h;
}

/* In P: _bridge(handle_index, method, ...) -> results (copied). */
static int p_bridge(lua_State *P) {
  box *b = getbox(P);
  lua_State *L = b->host;
  luaL_checkinteger(P, 1);
  const char *method = luaL_checkstring(P, 2);
  int ok = 0;
  for (const char *const *m = db_allowed; *m; m++)
    if (strcmp(*m, method) == 0) ok = 1;
  if (!ok || L == NULL) return luaL_error(P, "db:%s is not available to plugins", method);
  int top = lua_gettop(L);
  if (!lua_checkstack(L, 8)) return luaL_error(P, "host stack exhausted");
  lua_pushcfunction(L, host_bridge);
  lua_pushlightuserdata(L, b);
  int st = lua_pcall(L, 1, LUA_MULTRET, 0);
  if (st != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    lua_pushstring(P, msg ? msg : "database error");
    lua_settop(L, top);
    return lua_error(P);
  }
  int n = lua_gettop(L) - top;
  lua_newtable(P);
  int seen = lua_gettop(P);
  if (!lua_checkstack(P, n + 4)) { lua_settop(L, top); return luaL_error(P, "too many results"); }
  for (int i = 1; i <= n; i++) copy_value(b, L, top + i, P, seen, 1, 'i');
  lua_settop(L, top);
  lua_remove(P, seen);
  return n;
}

/* ----------------------------------------------------------- files */

/*
** Reads the whole regular file at path (at most max bytes) onto L's
** stack; returns 1, or pushes nil, message and returns 2. Opens without
** blocking (a FIFO) and refuses anything but a regular file.
*/
static int read_regular(lua_State *L, const char *path, long long max) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(e));
    return 2;
  }
  struct stat st;
  const char *why = NULL;
  if (fstat(fd, &st) != 0) why = strerror(errno);
  else if (!S_ISREG(st.st_mode)) why = "not a regular file";
  else if ((long long)st.st_size > max) why = "file too large";
  if (why) {
    close(fd);
    luaL_pushfail(L);
    if (strcmp(why, "file too large") == 0)
      lua_pushfstring(L, "%s: file too large (limit is %d MB)", path,
                      (int)(max / (1024 * 1024)));
    else
      lua_pushfstring(L, "%s: %s", path, why);
    return 2;
  }
  luaL_Buffer buf;
  luaL_buffinit(L, &buf);
  long long total = 0;
  for (;;) {
    char *p = luaL_prepbuffsize(&buf, 65536);
    ssize_t got = read(fd, p, 65536);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      if (got < 0) {
        int e = errno;
        close(fd);
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: %s", path, strerror(e));
        return 2;
      }
      break;
    }
    total += got;
    if (total > max) {
      close(fd);
      luaL_pushfail(L);
      lua_pushfstring(L, "%s: file too large (limit is %d MB)", path,
                      (int)(max / (1024 * 1024)));
      return 2;
    }
    luaL_addsize(&buf, (size_t)got);
  }
  close(fd);
  luaL_pushresult(&buf);
  return 1;
}

/* In P: _readfile(relpath) -> bytes | nil, msg; the checks of open(). */
static int p_readfile(lua_State *P) {
  box *b = getbox(P);
  const char *rel = luaL_checkstring(P, 1);
  if (!b->can_read)
    return luaL_error(P, "plugin '%s' uses permission 'read' (open) but does "
                      "not declare it: add permissions = {\"read\"} to its "
                      "plugin.lua", b->name);
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/%s", b->dir, rel) >= (int)sizeof path)
    return luaL_error(P, "open: path too long");
  char *real = realpath(path, NULL);
  if (real == NULL) {
    luaL_pushfail(P);
    lua_pushfstring(P, "open: %s: no such file in plugin '%s'", rel, b->name);
    return 2;
  }
  size_t dn = strlen(b->dir);
  int inside = strncmp(real, b->dir, dn) == 0 && real[dn] == '/';
  if (!inside) {
    free(real);
    return luaL_error(P, "open: '%s' refused: it leads outside the plugin's "
                      "directory (symlink)", rel);
  }
  int r = read_regular(P, real, LEDE_BOX_MAX_FILE);
  free(real);
  if (r == 2) {
    const char *msg = lua_tostring(P, -1);
    lua_pushfstring(P, "open: %s", msg);
    lua_replace(P, -2);
  }
  return r;
}

/* _sandbox.readfile(path [, max]) -> bytes | nil, msg */
static int sb_readfile(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lua_Integer max = luaL_optinteger(L, 2, LEDE_BOX_MAX_FILE);
  return read_regular(L, path, (long long)max);
}

/* -------------------------------------------------------------- new */

/* The text capabilities of lede a box gets (pure functions; doc.lua runs
   on them). Never sys, db, sandbox, proc: they reach the system. */
static const lua_CFunction box_openers[] = {
  lede_open_text, lede_open_tokens, lede_open_sentences, lede_open_article,
  lede_open_analyze, lede_open_numbers, lede_open_dates, NULL
};

static const char *embedded(const char *name, size_t *len) {
  for (const lede_embedded *e = lede_embedded_sources; e->name; e++)
    if (strcmp(e->name, name) == 0) { *len = e->len; return e->src; }
  return NULL;
}

/* In P: log(...) -> a line "plugin NAME: ..." on stderr (at most
   LEDE_BOX_MAX_LOG bytes of it). */
#define LEDE_BOX_MAX_LOG 4096
static int p_log(lua_State *P) {
  box *b = getbox(P);
  int n = lua_gettop(P);
  luaL_Buffer buf;
  luaL_buffinit(P, &buf);
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&buf, ' ');
    luaL_tolstring(P, i, NULL);
    luaL_addvalue(&buf);
  }
  luaL_pushresult(&buf);
  size_t len;
  const char *s = lua_tolstring(P, -1, &len);
  if (len > LEDE_BOX_MAX_LOG) len = LEDE_BOX_MAX_LOG;
  fprintf(stderr, "plugin %s: %.*s\n", b->name, (int)len, s);
  return 0;
}

static int null_tostring(lua_State *P) {
  lua_pushliteral(P, "null");
  return 1;
}

/* In P, protected: opens the libraries and runs the prelude. */
static int p_setup(lua_State *P) {
  box *b = getbox(P);
  static const luaL_Reg libs[] = {
    {LUA_GNAME, luaopen_base}, {LUA_STRLIBNAME, luaopen_string},
    {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_OSLIBNAME, luaopen_os},
    {NULL, NULL}
  };
  for (const luaL_Reg *l = libs; l->func; l++) {
    luaL_requiref(P, l->name, l->func, 1);
    lua_pop(P, 1);
  }
  lua_newtable(P);                                  /* lede of the box */
  for (const lua_CFunction *o = box_openers; *o; o++) (*o)(P);
  int lede = lua_gettop(P);
  size_t n;
  const char *src = embedded("lede.plugin_env", &n);
  if (src == NULL || luaL_loadbufferx(P, src, n, "=lede.plugin_env", "t") != LUA_OK)
    return luaL_error(P, "plugin_env missing");
  lua_pushvalue(P, lede);
  src = embedded("lede.doc", &n);
  if (src == NULL || luaL_loadbufferx(P, src, n, "=lede.doc", "t") != LUA_OK)
    return luaL_error(P, "doc missing");
  lua_pushcfunction(P, p_readfile);
  lua_pushcfunction(P, p_bridge);
  lua_pushstring(P, b->name);
  lua_newuserdatauv(P, 0, 0);                       /* the box's null */
  luaL_newmetatable(P, "lede.Null");
  lua_pushcfunction(P, null_tostring);
  lua_setfield(P, -2, "__tostring");
  lua_setmetatable(P, -2);
  lua_pushcfunction(P, p_log);
  lua_call(P, 7, 1);
  lua_rawsetp(P, LUA_REGISTRYINDEX, &ENV_KEY);
  return 0;
}

/* _sandbox.new(name, opts) -> box; opts: cpu, memory, dir, read, db */
static int sb_new(lua_State *L) {
  size_t namelen;
  const char *name = luaL_checklstring(L, 1, &namelen);
  luaL_checktype(L, 2, LUA_TTABLE);
  box *b = (box *)lua_newuserdatauv(L, sizeof *b, 0);
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, BOX_TYPE);
  if (namelen >= sizeof b->name) namelen = sizeof b->name - 1;
  memcpy(b->name, name, namelen);
  set_limits(L, b, 2);
  b->can_read = lede_optbool(L, 2, "read", 0);
  b->can_db = lede_optbool(L, 2, "db", 0);
  const char *dir = lede_optstr(L, 2, "dir", "/nonexistent");
  char *real = realpath(dir, NULL);
  snprintf(b->dir, sizeof b->dir, "%s", real ? real : dir);
  free(real);
  lua_State *P = lua_newstate(box_alloc, b);
  if (P == NULL) {
    push_limit_error(L, b);
    return lua_error(L);
  }
  b->P = P;
  lua_pushlightuserdata(P, b);
  lua_rawsetp(P, LUA_REGISTRYINDEX, &BOX_KEY);
  b->deadline = cpu_now() + b->cpu_limit;
  b->active = 1;
  lua_sethook(P, box_hook, LUA_MASKCOUNT, LEDE_SANDBOX_HOOK_COUNT);
  lua_pushcfunction(P, p_setup);
  int st = lua_pcall(P, 0, 0, 0);
  lua_sethook(P, NULL, 0, 0);
  b->active = 0;
  if (st != LUA_OK) {
    if (b->mem_hit || b->cpu_hit) push_limit_error(L, b);
    else lua_pushfstring(L, "plugin '%s': %s", b->name,
                         lua_type(P, -1) == LUA_TSTRING ? lua_tostring(P, -1) : "setup failed");
    lua_close(P);
    b->P = NULL;
    return lua_error(L);
  }
  return 1;
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

static const luaL_Reg box_methods[] = {
  {"call", box_call},
  {"load", box_load},
  {"test", box_test},
  {"memory", box_memory},
  {"grant", box_grant},
  {NULL, NULL}
};

static const luaL_Reg sb_funcs[] = {
  {"new", sb_new},
  {"realpath", sb_realpath},
  {"readfile", sb_readfile},
  {NULL, NULL}
};

int lede_open_sandbox(lua_State *L) {
  if (luaL_newmetatable(L, BOX_TYPE)) {
    luaL_newlib(L, box_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__close");
  }
  lua_pop(L, 1);
  lua_createtable(L, 0, 4);
  luaL_setfuncs(L, sb_funcs, 0);
  lua_createtable(L, 0, 2);
  lua_pushnumber(L, LEDE_SANDBOX_CPU);
  lua_setfield(L, -2, "cpu");
  lua_pushinteger(L, (lua_Integer)LEDE_SANDBOX_MEMORY);
  lua_setfield(L, -2, "memory");
  lua_setfield(L, -2, "defaults");
  lua_pushinteger(L, LEDE_BOX_MAX_FILE);
  lua_setfield(L, -2, "max_file");
  lua_setfield(L, -2, "_sandbox");
  return 0;
}
