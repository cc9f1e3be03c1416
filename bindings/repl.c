/*
** repl.c -- the line editor of the REPL: libedit (BSD licence) exposed to
** Lua as the module "lede.readline" (part of the `lede` program only; the
** REPL itself is bindings/lua/repl.lua).
**
**   readline(prompt) -> line | nil (end of input) | false (Ctrl-C)
**   add_history(line)
**   load_history(path) -> true | nil, message
**   save_history(path) -> true | nil, message   (creates the directories)
**   set_completer(fn)    fn(text_before_cursor) -> {candidates}, nbytes
**   is_tty() -> true when stdin and stdout are terminals
**
** Ctrl-C while a line is being read cancels that line: a SIGINT handler
** without SA_RESTART makes read() fail with EINTR, our character reader
** reports it to libedit, and readline returns false. While a chunk runs,
** the program's own handler (main.c) is back in place and interrupts it.
**
** The completer gets the text before the cursor and returns the candidates,
** each a replacement for the last `nbytes` bytes of that text. One
** candidate is inserted; several are shortened to their common prefix, and
** listed below the line when that prefix adds nothing.
*/
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include "lbind.h"

int luaopen_lede_readline(lua_State *L);

/* Entries kept in memory and in the history file. */
#define REPL_HISTORY_SIZE 1000
/* Candidates shown below the line when a completion is ambiguous. */
#define REPL_MAX_LISTED 200

static EditLine *el;
static History *hist;
static lua_State *state_L;          /* the state of the running readline */
static int completer_ref = LUA_NOREF;
static char prompt_buf[256];
static volatile sig_atomic_t interrupted;
static struct sigaction eval_action; /* the program's handler (main.c) */
static int have_eval_action;

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
}

static char *prompt_fn(EditLine *e) {
  (void)e;
  return prompt_buf;
}

/*
** Reads one character for libedit: UTF-8 (or the locale's encoding) to a
** wide character. Returns 1, 0 at end of input, -1 on error or Ctrl-C.
** A byte that does not decode is passed through as itself.
*/
static int getc_fn(EditLine *e, wchar_t *wc) {
  mbstate_t st;
  (void)e;
  memset(&st, 0, sizeof st);
  for (;;) {
    char c;
    if (interrupted) return -1;  /* Ctrl-C came while not in read() */
    ssize_t r = read(STDIN_FILENO, &c, 1);
    if (r < 0) {
      if (errno == EINTR && !interrupted) continue;
      return -1;
    }
    if (r == 0) return 0;
    size_t k = mbrtowc(wc, &c, 1, &st);
    if (k == (size_t)-2) continue;
    if (k == (size_t)-1) {
      *wc = (wchar_t)(unsigned char)c;
      return 1;
    }
    if (k == 0) *wc = 0;
    return 1;
  }
}

/* Number of UTF-8 characters in the last `nbytes` bytes of s[0..n). */
static int tail_chars(const char *s, size_t n, size_t nbytes) {
  int chars = 0;
  if (nbytes > n) nbytes = n;
  for (size_t i = n - nbytes; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) chars++;
  return chars;
}

/* Length of the common prefix of a and b, cut at a UTF-8 boundary. */
static size_t common_prefix(const char *a, size_t an, const char *b,
                            size_t bn) {
  size_t i = 0;
  while (i < an && i < bn && a[i] == b[i]) i++;
  while (i > 0 && i < an && ((unsigned char)a[i] & 0xC0) == 0x80) i--;
  return i;
}

static int term_columns(void) {
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

/* Prints the candidates at index `t` (a Lua array of n strings) in columns. */
static void list_candidates(lua_State *L, int t, lua_Integer n) {
  size_t width = 0;
  if (n > REPL_MAX_LISTED) n = REPL_MAX_LISTED;
  for (lua_Integer i = 1; i <= n; i++) {
    size_t len;
    lua_rawgeti(L, t, i);
    lua_tolstring(L, -1, &len);
    if (len > width) width = len;
    lua_pop(L, 1);
  }
  width += 2;
  int per_row = (int)((size_t)term_columns() / width);
  if (per_row < 1) per_row = 1;
  fputc('\n', stdout);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    const char *s = lua_tostring(L, -1);
    if (s == NULL) s = "";
    int last = (i % per_row) == 0 || i == n;
    if (last) fprintf(stdout, "%s\n", s);
    else fprintf(stdout, "%-*s", (int)width, s);
    lua_pop(L, 1);
  }
  fflush(stdout);
}

/*
** Bound to Tab: asks the Lua completer for candidates and edits the line.
** Lua errors inside the completer only beep; they never unwind libedit.
*/
static unsigned char complete_fn(EditLine *e, int ch) {
  lua_State *L = state_L;
  const LineInfo *li = el_line(e);
  unsigned char rc = CC_REFRESH;
  (void)ch;
  if (L == NULL || completer_ref == LUA_NOREF || !lua_checkstack(L, 8))
    return CC_ERROR;
  int top = lua_gettop(L);
  size_t before = (size_t)(li->cursor - li->buffer);
  lua_rawgeti(L, LUA_REGISTRYINDEX, completer_ref);
  lua_pushlstring(L, li->buffer, before);
  if (lua_pcall(L, 1, 2, 0) != LUA_OK || !lua_istable(L, -2)) {
    lua_settop(L, top);
    return CC_ERROR;
  }
  size_t nbytes = (size_t)lua_tointeger(L, -1);
  int t = lua_absindex(L, -2);
  lua_Integer n = (lua_Integer)lua_rawlen(L, t);
  if (n == 0) {
    lua_settop(L, top);
    return CC_REFRESH_BEEP;
  }
  /* the common prefix of all candidates */
  size_t plen = 0;
  const char *first = NULL;
  for (lua_Integer i = 1; i <= n; i++) {
    size_t len;
    lua_rawgeti(L, t, i);
    const char *s = lua_tolstring(L, -1, &len);
    lua_pop(L, 1);  /* the table keeps it alive */
    if (s == NULL) {
      lua_settop(L, top);
      return CC_ERROR;
    }
    if (first == NULL) {
      first = s;
      plen = len;
    } else {
      plen = common_prefix(first, plen, s, len);
    }
  }
  if (plen > nbytes || n == 1) {
    luaL_Buffer b;
    int del = tail_chars(li->buffer, before, nbytes);
    luaL_buffinit(L, &b);
    luaL_addlstring(&b, first, plen);
    luaL_pushresult(&b);
    if (del > 0) el_deletestr(e, del);
    if (el_insertstr(e, lua_tostring(L, -1)) != 0) rc = CC_ERROR;
  } else {
    list_candidates(L, t, n);
    rc = CC_REDISPLAY;
  }
  lua_settop(L, top);
  return rc;
}

/* Creates the editor on first use (interactive sessions only). */
static int ensure_editor(void) {
  if (el) return 1;
  setlocale(LC_CTYPE, "");
  hist = history_init();
  if (hist == NULL) return 0;
  HistEvent ev;
  history(hist, &ev, H_SETSIZE, REPL_HISTORY_SIZE);
  history(hist, &ev, H_SETUNIQUE, 1);
  el = el_init("lede", stdin, stdout, stderr);
  if (el == NULL) return 0;
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_PROMPT, prompt_fn);
  el_set(el, EL_HIST, history, hist);
  el_set(el, EL_GETCFN, getc_fn);
  /* el_set would copy the name and help into buffers it never frees;
     el_wset keeps these static strings */
  el_wset(el, EL_ADDFN, L"lede-complete",
          L"complete a Lua name or a file name", complete_fn);
  el_set(el, EL_BIND, "^I", "lede-complete", NULL);
  el_source(el, NULL);  /* the user's ~/.editrc, when present */
  return 1;
}

/* Without a terminal: one line from stdin, no editing, no history. */
static int read_plain(lua_State *L, const char *prompt) {
  luaL_Buffer b;
  int c = EOF;
  size_t got = 0;
  if (*prompt) {
    fputs(prompt, stdout);
    fflush(stdout);
  }
  luaL_buffinit(L, &b);
  while ((c = getc(stdin)) != EOF && c != '\n') {
    luaL_addchar(&b, (char)c);
    got++;
  }
  luaL_pushresult(&b);
  if (c == EOF && got == 0) {
    lua_pushnil(L);
  }
  return 1;
}

/* readline(prompt) -> line | nil (end of input) | false (interrupted) */
static int r_readline(lua_State *L) {
  const char *prompt = luaL_optstring(L, 1, "");
  if (!isatty(STDIN_FILENO)) return read_plain(L, prompt);
  if (!ensure_editor()) return luaL_error(L, "cannot start the line editor");
  snprintf(prompt_buf, sizeof prompt_buf, "%s", prompt);
  el_resize(el);  /* the terminal may have changed size while code ran */

  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  /* no SA_RESTART: read() must return EINTR */
  interrupted = 0;
  sigaction(SIGINT, &sa, &old);
  if (!have_eval_action) {
    eval_action = old;
    have_eval_action = 1;
  }
  state_L = L;
  int count = 0;
  const char *line = el_gets(el, &count);
  state_L = NULL;
  /* the program's handler again (it disarms itself after one Ctrl-C) */
  sigaction(SIGINT, &eval_action, NULL);

  if (interrupted) {
    interrupted = 0;
    el_reset(el);
    fputs("^C\n", stdout);
    fflush(stdout);
    lua_pushboolean(L, 0);
    return 1;
  }
  if (line == NULL || count <= 0) {
    fputc('\n', stdout);
    fflush(stdout);
    lua_pushnil(L);
    return 1;
  }
  size_t n = strlen(line);
  if (n && line[n - 1] == '\n') n--;
  lua_pushlstring(L, line, n);
  return 1;
}

/* add_history(line): the line becomes the newest history entry. */
static int r_add_history(lua_State *L) {
  const char *line = luaL_checkstring(L, 1);
  if (!isatty(STDIN_FILENO) || !ensure_editor()) return 0;
  HistEvent ev;
  if (*line) history(hist, &ev, H_ENTER, line);
  return 0;
}

/* load_history(path) -> true | nil, message (a missing file is fine) */
static int r_load_history(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  if (!ensure_editor()) return luaL_error(L, "cannot start the line editor");
  HistEvent ev;
  if (access(path, F_OK) == 0 && history(hist, &ev, H_LOAD, path) < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: cannot read history", path);
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* Creates every missing directory above the file `path` (mode 0700). */
static int make_parents(const char *path) {
  char buf[PATH_MAX];
  size_t n = strlen(path);
  if (n >= sizeof buf) return -1;
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i < n; i++) {
    if (buf[i] != '/') continue;
    buf[i] = '\0';
    if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
    buf[i] = '/';
  }
  return 0;
}

/* save_history(path) -> true | nil, message */
static int r_save_history(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  if (!ensure_editor()) return luaL_error(L, "cannot start the line editor");
  HistEvent ev;
  if (make_parents(path) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  if (history(hist, &ev, H_SAVE, path) < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: cannot write history", path);
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* set_completer(fn | nil) */
static int r_set_completer(lua_State *L) {
  if (!lua_isnoneornil(L, 1)) luaL_checktype(L, 1, LUA_TFUNCTION);
  luaL_unref(L, LUA_REGISTRYINDEX, completer_ref);
  completer_ref = LUA_NOREF;
  if (!lua_isnoneornil(L, 1)) {
    lua_pushvalue(L, 1);
    completer_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  return 0;
}

/* is_tty() -> true when stdin and stdout are terminals */
static int r_is_tty(lua_State *L) {
  lua_pushboolean(L, isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
  return 1;
}

/* Runs when the state closes: gives the terminal back. */
static int r_gc(lua_State *L) {
  (void)L;
  if (el) {
    el_end(el);
    el = NULL;
  }
  if (hist) {
    history_end(hist);
    hist = NULL;
  }
  completer_ref = LUA_NOREF;
  return 0;
}

int luaopen_lede_readline(lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"readline", r_readline},
    {"add_history", r_add_history},
    {"load_history", r_load_history},
    {"save_history", r_save_history},
    {"set_completer", r_set_completer},
    {"is_tty", r_is_tty},
    {NULL, NULL}
  };
  luaL_newlib(L, funcs);
  /* a sentinel whose __gc ends the editor when the state closes */
  lua_newuserdatauv(L, 1, 0);
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, r_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_setfield(L, -2, "_sentinel");
  return 1;
}
