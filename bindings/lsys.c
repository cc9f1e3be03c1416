/*
** lsys.c -- the little of the operating system the Lua parts need and
** stock Lua lacks: directory listing, globbing, file types, terminals,
** a monotonic clock, gzip files and where lede itself is installed.
** Exposed as lede._sys (internal; not a public API).
*/
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <glob.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <zlib.h>

#include "lbind.h"

/* _sys.listdir(path) -> sorted array of names | nil, message */
static int s_listdir(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  DIR *d = opendir(path);
  if (!d) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_newtable(L);
  lua_Integer i = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    lua_pushstring(L, e->d_name);
    lua_rawseti(L, -2, ++i);
  }
  closedir(d);
  /* sort with table.sort for a stable, locale-free order */
  lua_getglobal(L, "table");
  if (lua_istable(L, -1)) {
    lua_getfield(L, -1, "sort");
    lua_pushvalue(L, -3);
    lua_call(L, 1, 0);
  }
  lua_pop(L, 1);
  return 1;
}

/* _sys.filetype(path) -> "file" | "directory" | "other" | nil, message */
static int s_filetype(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  struct stat st;
  if (stat(path, &st) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_pushstring(L, S_ISREG(st.st_mode) ? "file"
                    : S_ISDIR(st.st_mode) ? "directory" : "other");
  lua_pushinteger(L, (lua_Integer)st.st_size);
  return 2;
}

/* _sys.glob(pattern) -> array of paths (empty when nothing matches) */
static int s_glob(lua_State *L) {
  const char *pat = luaL_checkstring(L, 1);
  glob_t g;
  int rc = glob(pat, 0, NULL, &g);
  lua_newtable(L);
  if (rc == 0) {
    for (size_t i = 0; i < g.gl_pathc; i++) {
      lua_pushstring(L, g.gl_pathv[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  }
  if (rc != GLOB_NOMATCH) globfree(&g);
  return 1;
}

/* _sys.isatty(fd) -> boolean (0 stdin, 1 stdout, 2 stderr) */
static int s_isatty(lua_State *L) {
  lua_pushboolean(L, isatty((int)luaL_checkinteger(L, 1)));
  return 1;
}

/* _sys.columns() -> width of the terminal on stdout or stderr, or 80 */
static int s_columns(lua_State *L) {
  struct winsize ws;
  int w = 80;
  if ((ioctl(1, TIOCGWINSZ, &ws) == 0 || ioctl(2, TIOCGWINSZ, &ws) == 0) &&
      ws.ws_col > 0)
    w = ws.ws_col;
  lua_pushinteger(L, w);
  return 1;
}

/* _sys.clock() -> seconds from a monotonic clock, as a float */
static int s_clock(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
  return 1;
}

/* _sys.sha256(s) -> lower-case hex digest (nettle) */
static int s_sha256(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  char hex[2 * SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, n, (const uint8_t *)s);
  sha256_digest(&ctx, sizeof digest, digest);
  for (size_t i = 0; i < sizeof digest; i++) {
    hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
  }
  lua_pushlstring(L, hex, sizeof hex);
  return 1;
}

/*
** Ctrl-C. The program's SIGINT handler (main.c) calls lede_interrupt();
** the sandbox, liblede's loops under it and the runner look at
** lede_interrupted() and stop.
*/
static volatile sig_atomic_t interrupt_flag;

void lede_interrupt(void) { interrupt_flag = 1; }
int lede_interrupted(void) { return interrupt_flag != 0; }

/* _sys.interrupted([clear]) -> whether Ctrl-C was pressed (during this
   run, or since the last clear: the REPL clears it at each prompt) */
static int s_interrupted(lua_State *L) {
  int clear = lua_toboolean(L, 1);
  lua_pushboolean(L, lede_interrupted());
  if (clear) interrupt_flag = 0;
  return 1;
}

/* The most bytes a gzip file may inflate to (a bomb is refused). */
#define SYS_GUNZIP_MAX ((size_t)1 << 31)

/* _sys.gunzip(path) -> the inflated bytes | nil, message. Reads gzip
** files of one or several members (and plain files as they are). */
static int s_gunzip(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  gzFile f = gzopen(path, "rb");
  if (f == NULL) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno ? errno : ENOMEM));
    return 2;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t total = 0;
  for (;;) {
    char *p = luaL_prepbuffsize(&b, 65536);
    int got = gzread(f, p, 65536);
    if (got < 0) {
      int zerr;
      const char *msg = gzerror(f, &zerr);
      lua_pushfstring(L, "%s: not a readable gzip file (%s)", path,
                      zerr == Z_ERRNO ? strerror(errno) : msg);
      gzclose(f);
      luaL_pushfail(L);
      lua_insert(L, -2);
      return 2;
    }
    if (got == 0) break;
    luaL_addsize(&b, (size_t)got);
    total += (size_t)got;
    if (total > SYS_GUNZIP_MAX) {
      gzclose(f);
      luaL_pushfail(L);
      lua_pushfstring(L, "%s: inflates to more than SYS_GUNZIP_MAX (%d MB)",
                      path, (int)(SYS_GUNZIP_MAX >> 20));
      return 2;
    }
  }
  gzclose(f);
  luaL_pushresult(&b);
  return 1;
}

/* _sys.self() -> the path of the file lede's code was loaded from: the
** `lede` program, or lede.so under stock Lua; nil if unknown. */
static int s_self(lua_State *L) {
  Dl_info info;
  if (dladdr((void *)s_self, &info) != 0 && info.dli_fname != NULL &&
      strchr(info.dli_fname, '/') != NULL) {
    char *real = realpath(info.dli_fname, NULL);
    lua_pushstring(L, real ? real : info.dli_fname);
    free(real);
    return 1;
  }
  luaL_pushfail(L);
  return 1;
}

static const luaL_Reg sys_funcs[] = {
  {"interrupted", s_interrupted},
  {"gunzip", s_gunzip},
  {"self", s_self},
  {"sha256", s_sha256},
  {"listdir", s_listdir},
  {"filetype", s_filetype},
  {"glob", s_glob},
  {"isatty", s_isatty},
  {"columns", s_columns},
  {"clock", s_clock},
  {NULL, NULL}
};

int lede_open_sys(lua_State *L) {
  luaL_newlib(L, sys_funcs);
  lua_setfield(L, -2, "_sys");
  return 0;
}
