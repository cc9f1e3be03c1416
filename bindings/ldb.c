/*
** ldb.c -- lede.db: SQLite from Lua, with sqlite-utils' verbs.
**
**   local db <close> = lede.db.open("lede.db")     -- WAL, busy timeout
**   db:insert("drones", {night = "2025-09-04", launched = 112})
**   for row in db:query("SELECT * FROM drones WHERE launched > ?", {100}) do
**     print(row.night, row.launched)
**   end
**
** This file holds what must be fast or must touch SQLite's C API: opening
** and closing, the statement cache, parameter binding, query cursors,
** insert/upsert (tables and columns created on first sight, one
** transaction per batch), transactions for atomic(), and the FTS5
** tokenizer "lede". The verbs that read better in Lua (atomic, lookup,
** enable_fts, search, tables, columns, count) live in lua/dbutil.lua,
** which extends the same methods table (lede.db._methods).
**
** Ownership: a Database owns every statement prepared on its connection.
** Statements are cached by SQL text (at most LDB_MAX_CACHED; the cache is
** flushed when full). A query cursor checks its statement out of the
** cache while it runs and gives it back (or finalizes it) when the loop
** ends, breaks (the cursor is the generic for's to-be-closed value) or is
** collected. close() finalizes the cached statements and those of live
** cursors (never sqlite3_next_stmt's list: FTS5 owns statements of its
** own); a cursor of a closed database only reports the closure.
**
** Values: integer -> INTEGER, float -> REAL, boolean -> 0/1, string ->
** TEXT when valid UTF-8 without NUL, else BLOB, table -> JSON text,
** lede.null (and nil parameters) -> NULL. SQL NULL comes back as
** lede.null, so a column of a row is never missing.
**
** Errors raise with SQLite's own message and the SQL, shortened to
** LDB_SQL_IN_ERROR bytes: "UNIQUE constraint failed: t.id (SQL: INSERT ...)".
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "lbind.h"
#include "lede_sqlite.h"

#define LDB_DATABASE "lede.Database"
#define LDB_CURSOR   "lede.Cursor"
#define LDB_NULL     "lede.Null"

/* Prepared statements cached per database before the cache is flushed. */
#define LDB_MAX_CACHED 256
/* Bytes of SQL quoted in an error message. */
#define LDB_SQL_IN_ERROR 200
/* Deepest nesting of a table stored as JSON (a cycle hits it too). */
#define LDB_JSON_MAX_DEPTH LEDE_JSON_MAX_DEPTH
/* Most columns of a table insert() handles (SQLite's default limit). */
#define LDB_MAX_COLUMNS 2000
/* Default busy timeout of open(), in seconds. */
#define LDB_DEFAULT_TIMEOUT 5.0
/* SQLite VM steps between two lede_cancelled() checks. */
#define LDB_CANCEL_STEPS 100000

typedef struct Database {
  sqlite3 *db;
  int ncached;          /* statements in the cache table */
  unsigned gen;         /* bumped when a cached statement may be gone */
  int schema_version;   /* of the schema cache; -1 = reload */
  int nsavepoints;      /* names savepoints uniquely */
  int restricted;       /* a plugin's call is running on this connection */
  int attached_limit;   /* SQLITE_LIMIT_ATTACHED outside plugin calls */
} Database;

/* Uservalues of a Database userdata. */
#define UV_CACHE  1     /* SQL text -> light userdata (sqlite3_stmt *) */
#define UV_SCHEMA 2     /* table name -> {cols = {name->i, i->name}, pk = {...}} */
#define UV_PATH   3     /* the path as opened */
#define UV_CURSORS 4    /* weak set of the cursors (their statements) */

typedef struct Cursor {
  sqlite3_stmt *st;     /* NULL when released */
  Database *d;
  int cacheable;        /* may go back into the cache */
  int done;             /* ran to its end (or was closed by the loop) */
  int ncols;
} Cursor;

/* Uservalues of a Cursor: 1 the database, 2 column names, 3 cache key. */

#define checkdb(L) ((Database *)luaL_checkudata(L, 1, LDB_DATABASE))

static const char null_key = 'n';   /* registry key of lede.null */

/* ------------------------------------------------------------ helpers */

/* The open database at argument 1; raises when closed. */
static Database *todb(lua_State *L) {
  Database *d = checkdb(L);
  if (d->db == NULL) luaL_error(L, "attempt to use a closed database");
  return d;
}

/*
** Growable byte buffer in a userdata at a fixed stack slot, so the stack
** above it may be used freely (luaL_Buffer forbids that), and an error
** leaks nothing.
*/
typedef struct Sbuf {
  lua_State *L;
  int slot;
  char *p;
  size_t n, cap;
} Sbuf;

static void sb_init(lua_State *L, Sbuf *b) {
  b->L = L;
  b->cap = 256;
  b->n = 0;
  b->p = (char *)lua_newuserdatauv(L, b->cap, 0);
  b->slot = lua_gettop(L);
}

static void sb_need(Sbuf *b, size_t k) {
  if (b->n + k <= b->cap) return;
  size_t cap = b->cap * 2;
  while (cap < b->n + k) cap *= 2;
  char *p = (char *)lua_newuserdatauv(b->L, cap, 0);
  memcpy(p, b->p, b->n);
  lua_replace(b->L, b->slot);
  b->p = p;
  b->cap = cap;
}

static void sb_add(Sbuf *b, const char *s, size_t k) {
  sb_need(b, k);
  memcpy(b->p + b->n, s, k);
  b->n += k;
}

static void sb_adds(Sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_addc(Sbuf *b, char c) {
  sb_need(b, 1);
  b->p[b->n++] = c;
}

/* An SQL identifier, double-quoted, with " doubled. */
static void sb_addident(Sbuf *b, const char *s, size_t k) {
  sb_addc(b, '"');
  for (size_t i = 0; i < k; i++) {
    if (s[i] == '"') sb_addc(b, '"');
    sb_addc(b, s[i]);
  }
  sb_addc(b, '"');
}

/* Replaces the buffer's slot with the string built. */
static void sb_result(Sbuf *b) {
  lua_pushlstring(b->L, b->p, b->n);
  lua_replace(b->L, b->slot);
}

/*
** Copies sql into out (size LDB_SQL_IN_ERROR + 4), runs of white space
** collapsed, cut at a UTF-8 boundary with "..." when longer.
*/
static void shorten_sql(const char *sql, char *out) {
  size_t o = 0;
  int space = 0;
  if (sql == NULL) sql = "";
  while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '\r') sql++;
  for (; *sql; sql++) {
    unsigned char c = (unsigned char)*sql;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') { space = 1; continue; }
    if (space) {
      if (o >= LDB_SQL_IN_ERROR) break;
      out[o++] = ' ';
      space = 0;
    }
    if (o >= LDB_SQL_IN_ERROR) break;
    out[o++] = (char)c;
  }
  if (*sql) {
    while (o > 0 && ((unsigned char)out[o] & 0xC0) == 0x80 &&
           ((unsigned char)out[o - 1] & 0x80)) o--;
    memcpy(out + o, "...", 3);
    o += 3;
  }
  out[o] = '\0';
}

/* Raises "msg (SQL: sql)" with the caller's position. */
static int raise_sql(lua_State *L, const char *msg, const char *sql) {
  char q[LDB_SQL_IN_ERROR + 4];
  shorten_sql(sql, q);
  if (q[0]) return luaL_error(L, "%s (SQL: %s)", msg, q);
  return luaL_error(L, "%s", msg);
}

/* Raises SQLite's current message for the connection, with sql. */
static int raise_db(lua_State *L, Database *d, const char *sql) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(d->db));
  return raise_sql(L, msg, sql);
}

/* Runs constant SQL (no parameters, no rows wanted); raises on error. */
static void run_sql(lua_State *L, Database *d, const char *sql) {
  if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    raise_db(L, d, sql);
}

static void push_null(lua_State *L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &null_key);
}

int lede_is_null(lua_State *L, int i) {
  return lua_type(L, i) == LUA_TUSERDATA &&
         luaL_testudata(L, i, LDB_NULL) != NULL;
}
#define is_null lede_is_null

/* lede.null for other binding files (lbind.h). */
void lede_pushnull(lua_State *L) { push_null(L); }
int lede_isnull(lua_State *L, int idx) { return is_null(L, idx); }

/* --------------------------------------------------------- statements */

/* Finalizes every cached statement and empties the cache. */
static void cache_flush(lua_State *L, Database *d, int dbi) {
  lua_getiuservalue(L, dbi, UV_CACHE);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    sqlite3_finalize((sqlite3_stmt *)lua_touserdata(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  lua_newtable(L);
  lua_setiuservalue(L, dbi, UV_CACHE);
  d->ncached = 0;
  d->gen++;
}

/* 1 when s holds only white space and semicolons. */
static int blank_sql(const char *s) {
  for (; s && *s; s++)
    if (!strchr(" \t\r\n\f;", *s)) return 0;
  return 1;
}

/*
** The statement for the SQL string at stack index si, reset and ready to
** bind. A single statement is cached by its text; several statements
** return the first one uncached (*owned = 1; the caller finalizes it)
** with *tail at the rest. NULL (with *owned = 0) when the text holds no
** statement. Raises SQLite's error on a bad statement.
*/
static sqlite3_stmt *prepare(lua_State *L, Database *d, int dbi, int si,
                             int *owned, const char **tail) {
  size_t n;
  const char *sql = lua_tolstring(L, si, &n);
  const char *rest = NULL;
  sqlite3_stmt *st = NULL;
  lua_getiuservalue(L, dbi, UV_CACHE);
  lua_pushvalue(L, si);
  lua_rawget(L, -2);
  st = (sqlite3_stmt *)lua_touserdata(L, -1);
  lua_pop(L, 2);
  *owned = 0;
  if (tail) *tail = NULL;
  if (st) return st;
  if (d->ncached >= LDB_MAX_CACHED) cache_flush(L, d, dbi);
  if (sqlite3_prepare_v3(d->db, sql, (int)n + 1, SQLITE_PREPARE_PERSISTENT,
                         &st, &rest) != SQLITE_OK)
    raise_db(L, d, sql);
  if (st == NULL) return NULL;
  if (!blank_sql(rest)) {
    *owned = 1;
    if (tail) *tail = rest;
    return st;
  }
  lua_getiuservalue(L, dbi, UV_CACHE);
  lua_pushvalue(L, si);
  lua_pushlightuserdata(L, st);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  d->ncached++;
  return st;
}

/* Ends a use of a statement: reset when cached, finalized when owned. */
static void release(Database *d, sqlite3_stmt *st, int owned) {
  if (st == NULL || d->db == NULL) return;
  if (owned) {
    sqlite3_finalize(st);
  } else {
    sqlite3_reset(st);
  }
}

/*
** Raises the error of a failed step of st (message and SQL copied first),
** releasing st.
*/
static int fail_stmt(lua_State *L, Database *d, sqlite3_stmt *st, int owned) {
  char msg[512];
  char q[LDB_SQL_IN_ERROR + 4];
  sqlite3_reset(st);   /* makes the message the statement's own */
  snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(d->db));
  shorten_sql(sqlite3_sql(st), q);
  release(d, st, owned);
  return luaL_error(L, "%s (SQL: %s)", msg, q);
}

/* -------------------------------------------------------------- values */

/* Binding outcomes besides SQLite's codes. */
#define BIND_BADTYPE LEDE_JSON_ETYPE
#define BIND_DEEP    LEDE_JSON_EDEEP
#define BIND_KEY     LEDE_JSON_EKEY
#define BIND_UTF8    LEDE_JSON_EUTF8

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_text(const char *s, size_t n) {
  return lede_check(s, n, NULL) == LEDE_OK;
}

/*
** Binds the Lua value at index v to parameter i of st. `copy` asks SQLite
** to copy strings (needed when the value may die before the last step).
** Returns SQLITE_OK, another SQLite code, or a BIND_* code.
*/
static int bind_value(lua_State *L, sqlite3_stmt *st, int i, int v, int copy) {
  switch (lua_type(L, v)) {
  case LUA_TNIL:
    return sqlite3_bind_null(st, i);
  case LUA_TBOOLEAN:
    return sqlite3_bind_int(st, i, lua_toboolean(L, v));
  case LUA_TNUMBER:
    if (lua_isinteger(L, v)) return sqlite3_bind_int64(st, i, lua_tointeger(L, v));
    return sqlite3_bind_double(st, i, lua_tonumber(L, v));
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(L, v, &n);
    if (is_text(s, n))
      return sqlite3_bind_text64(st, i, s, n, copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
                                 SQLITE_UTF8);
    return sqlite3_bind_blob64(st, i, s, n, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
  }
  case LUA_TUSERDATA:
    if (is_null(L, v)) return sqlite3_bind_null(st, i);
    return BIND_BADTYPE;
  case LUA_TTABLE: {
    int rc = lede_json_push(L, v, 1);   /* ljson.c: the one encoder */
    if (rc == 0) {
      size_t n;
      const char *j = lua_tolstring(L, -1, &n);
      rc = sqlite3_bind_text64(st, i, j, n, SQLITE_TRANSIENT, SQLITE_UTF8);
      lua_pop(L, 1);
    }
    return rc;
  }
  default:
    return BIND_BADTYPE;
  }
}

/* Describes a failed bind of the value at v in buf. */
static const char *bind_errmsg(lua_State *L, Database *d, int rc, int v,
                               const char *what, char *buf, size_t size) {
  switch (rc) {
  case BIND_BADTYPE:
    snprintf(buf, size, "cannot store a %s value (%s)", luaL_typename(L, v), what);
    break;
  case BIND_DEEP:
    snprintf(buf, size, "table nested too deep or cyclic for JSON (%s; limit "
             "LDB_JSON_MAX_DEPTH = %d)", what, LDB_JSON_MAX_DEPTH);
    break;
  case BIND_KEY:
    snprintf(buf, size, "table with a key that is not a string or number "
             "cannot become JSON (%s)", what);
    break;
  case BIND_UTF8:
    snprintf(buf, size, "table with a string that is not valid UTF-8 "
             "cannot become JSON (%s)", what);
    break;
  default:
    snprintf(buf, size, "%s (%s)", sqlite3_errmsg(d->db), what);
  }
  return buf;
}

/* Pushes column i of the current row of st. */
static void push_column(lua_State *L, sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_INTEGER:
    lua_pushinteger(L, sqlite3_column_int64(st, i));
    break;
  case SQLITE_FLOAT:
    lua_pushnumber(L, sqlite3_column_double(st, i));
    break;
  case SQLITE_TEXT:
    lua_pushlstring(L, (const char *)sqlite3_column_text(st, i),
                    (size_t)sqlite3_column_bytes(st, i));
    break;
  case SQLITE_BLOB: {
    const void *p = sqlite3_column_blob(st, i);
    lua_pushlstring(L, p ? (const char *)p : "", (size_t)sqlite3_column_bytes(st, i));
    break;
  }
  default:
    push_null(L);
  }
}

/* Pushes a table of the column names of st. */
static void push_names(lua_State *L, sqlite3_stmt *st) {
  int n = sqlite3_column_count(st);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, sqlite3_column_name(st, i));
    lua_rawseti(L, -2, i + 1);
  }
}

/* Pushes the current row of st keyed by the names at index ni. */
static void push_row(lua_State *L, sqlite3_stmt *st, int ni) {
  int n = sqlite3_column_count(st);
  lua_createtable(L, 0, n);
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, ni, i + 1);
    push_column(L, st, i);
    lua_rawset(L, -3);
  }
}

/*
** Binds the parameters of st from the arguments first..top: one table
** (array for ?, names for :name @name $name) or the values themselves.
** A parameter without a value raises (lede.null stands for NULL).
** On error, releases st and raises.
*/
static void bind_params(lua_State *L, Database *d, sqlite3_stmt *st,
                        int owned, int first, int copy) {
  int top = lua_gettop(L);
  int np = sqlite3_bind_parameter_count(st);
  int rc = SQLITE_OK, v = 0;
  char what[128], buf[512];
  sqlite3_clear_bindings(st);
  if (first > top || (first == top && lua_isnil(L, first))) {
    if (np == 0) return;
    snprintf(buf, sizeof buf, "statement has %d parameter%s but no values "
             "were given", np, np == 1 ? "" : "s");
    goto fail;
  }
  if (lua_type(L, first) != LUA_TTABLE || top > first) {   /* values */
    if (top - first + 1 != np) {
      snprintf(buf, sizeof buf, "statement has %d parameter%s but %d "
               "value%s were given", np, np == 1 ? "" : "s", top - first + 1,
               top - first + 1 == 1 ? "" : "s");
      goto fail;
    }
    for (int i = 1; i <= np; i++) {
      rc = bind_value(L, st, i, first + i - 1, copy);
      if (rc != SQLITE_OK) {
        v = first + i - 1;
        snprintf(what, sizeof what, "parameter %d", i);
        goto bindfail;
      }
    }
    return;
  }
  int positional = 0;
  for (int i = 1; i <= np; i++) {
    const char *name = sqlite3_bind_parameter_name(st, i);
    if (name == NULL || name[0] == '?') {
      positional++;
      lua_rawgeti(L, first, i);
      snprintf(what, sizeof what, "parameter %d", i);
    } else {
      lua_pushstring(L, name + 1);
      lua_rawget(L, first);
      snprintf(what, sizeof what, "parameter %s", name);
    }
    if (lua_isnil(L, -1)) {
      snprintf(buf, sizeof buf, "no value for %s (use lede.null for NULL)", what);
      lua_pop(L, 1);
      goto fail;
    }
    rc = bind_value(L, st, i, lua_gettop(L), copy);
    if (rc != SQLITE_OK) { v = lua_gettop(L); goto bindfail; }
    lua_pop(L, 1);
  }
  if (positional == np && (lua_Integer)lua_rawlen(L, first) > np) {
    snprintf(buf, sizeof buf, "statement has %d parameter%s but %d values "
             "were given", np, np == 1 ? "" : "s", (int)lua_rawlen(L, first));
    goto fail;
  }
  return;
bindfail:
  bind_errmsg(L, d, rc, v, what, buf, sizeof buf);
fail:
  {
    char q[LDB_SQL_IN_ERROR + 4];
    shorten_sql(sqlite3_sql(st), q);
    release(d, st, owned);
    luaL_error(L, "%s (SQL: %s)", buf, q);
  }
}

/* ------------------------------------------------------ open and close */

static int progress(void *ud) {
  (void)ud;
  return lede_cancelled();
}


/*
** Security settings of every connection lede opens (docs/plugins.md):
** SQLite's defensive mode (no writes to its own schema tables, no
** writable_schema), no fts3_tokenizer() pointer registration, no
** extension loading, bounds (conn_limits) and the authorizer below.
**
** The authorizer always refuses load_extension() and fts3_tokenizer()
** (an address passed as a blob becomes a function pointer). While a
** plugin's call runs on the connection (d->restricted), it also refuses
** what reaches files: ATTACH, DETACH, VACUUM (VACUUM INTO writes a file)
** and every PRAGMA but the read-only introspection ones; and the
** attached-database limit is 0 then, which stops VACUUM INTO's own ATTACH.
*/
static const char *const safe_pragmas[] = {   /* read-only, any argument */
  "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
  "foreign_key_list", "table_list", NULL
};
static const char *const read_pragmas[] = {    /* read-only without a value */
  "schema_version", "user_version", "data_version", NULL
};

static int authorize(void *ud, int action, const char *a1, const char *a2,
                     const char *dbname, const char *trigger) {
  Database *d = (Database *)ud;
  (void)dbname; (void)trigger;
  if (action == SQLITE_FUNCTION && a2 != NULL &&
      (sqlite3_stricmp(a2, "load_extension") == 0 ||
       sqlite3_stricmp(a2, "fts3_tokenizer") == 0))
    return SQLITE_DENY;
  if (!d->restricted) return SQLITE_OK;
  switch (action) {
  case SQLITE_ATTACH: case SQLITE_DETACH:
    return SQLITE_DENY;
  case SQLITE_PRAGMA:
    if (a1 == NULL) return SQLITE_DENY;
    for (const char *const *p = safe_pragmas; *p; p++)
      if (sqlite3_stricmp(a1, *p) == 0) return SQLITE_OK;
    for (const char *const *p = read_pragmas; *p; p++)
      if (a2 == NULL && sqlite3_stricmp(a1, *p) == 0) return SQLITE_OK;
    return SQLITE_DENY;
  default:
    return SQLITE_OK;
  }
}

/* Bounds of a connection (sqlite3_limit), named in SQLite's errors. */
static const int conn_limits[][2] = {
  {SQLITE_LIMIT_LENGTH, 1000000000},
  {SQLITE_LIMIT_SQL_LENGTH, 10000000},
  {SQLITE_LIMIT_COLUMN, LDB_MAX_COLUMNS},
  {SQLITE_LIMIT_EXPR_DEPTH, 1000},
  {SQLITE_LIMIT_COMPOUND_SELECT, 500},
  {SQLITE_LIMIT_FUNCTION_ARG, 127},
  {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50000},
  {SQLITE_LIMIT_VARIABLE_NUMBER, 32766},
  {SQLITE_LIMIT_TRIGGER_DEPTH, 100},
};

static void secure(Database *d) {
  sqlite3 *db = d->db;
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  for (size_t i = 0; i < sizeof conn_limits / sizeof conn_limits[0]; i++)
    sqlite3_limit(db, conn_limits[i][0], conn_limits[i][1]);
  sqlite3_set_authorizer(db, authorize, d);
}

/*
** Restricted mode on or off (plugin calls; lsandbox.c through
** lede_db_restrict). Returns the previous state.
*/
int lede_db_restrict(lua_State *L, int idx, int on) {
  Database *d = (Database *)luaL_checkudata(L, idx, LDB_DATABASE);
  int was = d->restricted;
  d->restricted = on;
  if (d->db != NULL && on != was) {
    if (on) d->attached_limit = sqlite3_limit(d->db, SQLITE_LIMIT_ATTACHED, 0);
    else sqlite3_limit(d->db, SQLITE_LIMIT_ATTACHED, d->attached_limit);
  }
  return was;
}

/* Loads the Lua half (lede.dbutil) once, without the global require. */
static void load_lua_part(lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield(L, -1, "lede.dbutil") != LUA_TNIL) { lua_pop(L, 2); return; }
  lua_pop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  if (lua_getfield(L, -1, "lede.dbutil") != LUA_TFUNCTION) { lua_pop(L, 3); return; }
  lua_pushliteral(L, "lede.dbutil");
  lua_call(L, 1, 1);
  if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
  lua_setfield(L, -3, "lede.dbutil");
  lua_pop(L, 2);
}

/* 1 when the directory part of path exists (or there is none). */
static int dir_exists(const char *path, char *dir, size_t size) {
  const char *slash = strrchr(path, '/');
  struct stat sb;
  if (slash == NULL || slash == path) return 1;
  size_t n = (size_t)(slash - path);
  if (n >= size) n = size - 1;
  memcpy(dir, path, n);
  dir[n] = '\0';
  return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Opens a new Database userdata on the stack; raises with a clear message. */
static int open_db(lua_State *L, const char *path, int readonly, double timeout,
                   int memory) {
  char dir[4096];
  Database *d = (Database *)lua_newuserdatauv(L, sizeof(Database), 4);
  memset(d, 0, sizeof *d);
  d->schema_version = -1;
  luaL_setmetatable(L, LDB_DATABASE);
  lua_newtable(L);
  lua_setiuservalue(L, -2, UV_CACHE);
  lua_newtable(L);
  lua_setiuservalue(L, -2, UV_SCHEMA);
  lua_pushstring(L, path);
  lua_setiuservalue(L, -2, UV_PATH);
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setiuservalue(L, -2, UV_CURSORS);
  if (!memory && !dir_exists(path, dir, sizeof dir))
    return luaL_error(L, "cannot open database '%s': directory '%s' does not "
                      "exist", path, dir);
  int flags = (readonly ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, flags, NULL);
  if (rc != SQLITE_OK) {
    char msg[512];
    int err = db ? sqlite3_system_errno(db) : 0;
    snprintf(msg, sizeof msg, "%s%s%s", db ? sqlite3_errmsg(db) : "out of memory",
             err ? ": " : "", err ? strerror(err) : "");
    sqlite3_close_v2(db);
    return luaL_error(L, "cannot open database '%s': %s", path, msg);
  }
  d->db = db;
  secure(d);
  sqlite3_busy_timeout(db, (int)(timeout * 1000));
  sqlite3_progress_handler(db, LDB_CANCEL_STEPS, progress, NULL);
  if (!readonly && !memory) {
    if (sqlite3_db_readonly(db, "main") == 1) {
      sqlite3_close_v2(db);
      d->db = NULL;
      return luaL_error(L, "cannot open database '%s' for writing: it is "
                        "read-only (open it with {readonly = true} to read it)",
                        path);
    }
    /* WAL when the file can switch now; a database another program is
       writing to (in its own journal mode) is opened as it is, and
       writes then wait for the busy timeout like any other. */
    sqlite3_busy_timeout(db, 0);
    int wal = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    sqlite3_busy_timeout(db, (int)(timeout * 1000));
    if (wal != SQLITE_OK && (sqlite3_errcode(db) & 0xff) != SQLITE_BUSY &&
        (sqlite3_errcode(db) & 0xff) != SQLITE_LOCKED) {
      char msg[512];
      snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db));
      sqlite3_close_v2(db);
      d->db = NULL;
      return luaL_error(L, "cannot open database '%s': %s", path, msg);
    }
    if (sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
      char msg[512];
      snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db));
      sqlite3_close_v2(db);
      d->db = NULL;
      return luaL_error(L, "cannot open database '%s': %s", path, msg);
    }
  } else if (!memory) {
    /* read the header now, so a non-database fails here */
    if (sqlite3_exec(db, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK) {
      char msg[512];
      snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db));
      sqlite3_close_v2(db);
      d->db = NULL;
      return luaL_error(L, "cannot open database '%s': %s", path, msg);
    }
  }
  lede_fts5_register(db);
  load_lua_part(L);
  return 1;
}

/*
** lede.db.open(path [, {readonly = false, timeout = 5}]) -> db
** WAL journal and a busy timeout (seconds) by default. Raises when the
** database cannot be opened (missing directory, read-only file, not a
** database, locked while switching to WAL).
*/
static int l_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int readonly = lede_optbool(L, 2, "readonly", 0);
  double timeout = LDB_DEFAULT_TIMEOUT;
  if (!lua_isnoneornil(L, 2)) {
    lua_getfield(L, 2, "timeout");
    if (!lua_isnil(L, -1)) {
      luaL_argcheck(L, lua_isnumber(L, -1), 2, "option 'timeout' must be a number (seconds)");
      timeout = lua_tonumber(L, -1);
      luaL_argcheck(L, timeout >= 0 && timeout < 1e6, 2, "option 'timeout' out of range");
    }
    lua_pop(L, 1);
  }
  /* an empty name would be SQLite's temporary database: lost silently */
  luaL_argcheck(L, path[0] != '\0', 1,
                "empty database name (lede.db.memory() is a database in memory)");
  int memory = strcmp(path, ":memory:") == 0;
  return open_db(L, path, readonly, timeout, memory);
}

/* lede.db.memory() -> db, a private in-memory database. */
static int l_memory(lua_State *L) {
  return open_db(L, ":memory:", 0, LDB_DEFAULT_TIMEOUT, 1);
}

/* db:close() -> true; idempotent; also __gc and __close. */
static int db_close(lua_State *L) {
  Database *d = checkdb(L);
  if (d->db != NULL) {
    /* only our own statements: virtual tables (FTS5) own theirs */
    lua_getiuservalue(L, 1, UV_CURSORS);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      Cursor *c = (Cursor *)lua_touserdata(L, -2);
      if (c->st != NULL) sqlite3_finalize(c->st);
      c->st = NULL;
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    cache_flush(L, d, 1);
    sqlite3_close_v2(d->db);
    d->db = NULL;
    d->gen++;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int db_tostring(lua_State *L) {
  Database *d = checkdb(L);
  if (d->db == NULL) {
    lua_pushliteral(L, "lede.Database (closed)");
  } else {
    lua_getiuservalue(L, 1, UV_PATH);
    lua_pushfstring(L, "lede.Database (%s)", lua_tostring(L, -1));
  }
  return 1;
}

/* db:path() -> the path given to open (":memory:" for memory()). */
static int db_path(lua_State *L) {
  checkdb(L);
  lua_getiuservalue(L, 1, UV_PATH);
  return 1;
}

/* db:isopen() -> boolean */
static int db_isopen(lua_State *L) {
  lua_pushboolean(L, checkdb(L)->db != NULL);
  return 1;
}

/* ------------------------------------------------------ exec and query */

/*
** db:exec(sql [, params | value...]) -> number of rows changed
** Runs one statement with parameters, or several without.
*/
static int db_exec(lua_State *L) {
  Database *d = todb(L);
  luaL_checkstring(L, 2);
  int owned;
  const char *tail;
  int haveparams = lua_gettop(L) >= 3;
  sqlite3_stmt *st = prepare(L, d, 1, 2, &owned, &tail);
  int before = sqlite3_total_changes(d->db);
  if (st == NULL) { lua_pushinteger(L, 0); return 1; }
  if (owned && haveparams) {
    release(d, st, owned);
    return luaL_error(L, "parameters need a single statement (SQL: %s)",
                      lua_tostring(L, 2));
  }
  bind_params(L, d, st, owned, 3, 0);
  for (;;) {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {}
    if (rc != SQLITE_DONE) return fail_stmt(L, d, st, owned);
    release(d, st, owned);
    if (!owned || tail == NULL) break;
    /* the next statement of a script */
    const char *sql = tail;
    st = NULL;
    if (sqlite3_prepare_v2(d->db, sql, -1, &st, &tail) != SQLITE_OK)
      return raise_db(L, d, sql);
    if (st == NULL) break;
    owned = 1;
  }
  lua_pushinteger(L, sqlite3_total_changes(d->db) - before);
  return 1;
}

/*
** db:one(sql [, params | value...]) -> first row | nil
*/
static int db_one(lua_State *L) {
  Database *d = todb(L);
  luaL_checkstring(L, 2);
  int owned;
  sqlite3_stmt *st = prepare(L, d, 1, 2, &owned, NULL);
  if (st == NULL) return luaL_error(L, "no SQL statement in '%s'", lua_tostring(L, 2));
  bind_params(L, d, st, owned, 3, 0);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    push_names(L, st);
    push_row(L, st, lua_gettop(L));
    release(d, st, owned);
    return 1;
  }
  if (rc != SQLITE_DONE) return fail_stmt(L, d, st, owned);
  release(d, st, owned);
  lua_pushnil(L);
  return 1;
}

static Cursor *checkcursor(lua_State *L, int i) {
  return (Cursor *)luaL_checkudata(L, i, LDB_CURSOR);
}

/* Gives the cursor's statement back (or finalizes it). Idempotent. */
static void cursor_release(lua_State *L, Cursor *c, int ci) {
  sqlite3_stmt *st = c->st;
  if (st == NULL) return;
  c->st = NULL;
  Database *d = c->d;
  if (d->db == NULL) return;          /* finalized by close */
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);         /* bindings were copies */
  if (c->cacheable && d->ncached < LDB_MAX_CACHED) {
    lua_getiuservalue(L, ci, 1);      /* the database */
    lua_getiuservalue(L, -1, UV_CACHE);
    lua_getiuservalue(L, ci, 3);      /* key */
    lua_pushvalue(L, -1);
    if (lua_rawget(L, -3) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_pushlightuserdata(L, st);
      lua_rawset(L, -3);
      d->ncached++;
      lua_pop(L, 2);
      return;
    }
    lua_pop(L, 4);
  }
  sqlite3_finalize(st);
}

static int cursor_close(lua_State *L) {
  Cursor *c = checkcursor(L, 1);
  c->done = 1;
  cursor_release(L, c, 1);
  return 0;
}

static int cursor_tostring(lua_State *L) {
  Cursor *c = checkcursor(L, 1);
  if (c->st == NULL) lua_pushliteral(L, "lede.Cursor (closed)");
  else lua_pushfstring(L, "lede.Cursor (%p)", (void *)c);
  return 1;
}

/* The iterator of db:query: the next row, or nil at the end. */
static int cursor_next(lua_State *L) {
  int ci = lua_upvalueindex(1);
  Cursor *c = (Cursor *)lua_touserdata(L, ci);
  if (c->d->db == NULL && !c->done)
    return luaL_error(L, "attempt to use a closed database");
  if (c->st == NULL) return 0;
  int rc = sqlite3_step(c->st);
  if (rc == SQLITE_ROW) {
    lua_getiuservalue(L, ci, 2);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      push_names(L, c->st);
      lua_pushvalue(L, -1);
      lua_setiuservalue(L, ci, 2);
    }
    push_row(L, c->st, lua_gettop(L));
    return 1;
  }
  if (rc == SQLITE_DONE) {
    c->done = 1;
    cursor_release(L, c, ci);
    return 0;
  }
  char msg[512], q[LDB_SQL_IN_ERROR + 4];
  sqlite3_reset(c->st);
  snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(c->d->db));
  shorten_sql(sqlite3_sql(c->st), q);
  c->done = 1;
  cursor_release(L, c, ci);
  return luaL_error(L, "%s (SQL: %s)", msg, q);
}

/*
** for row in db:query(sql [, params | value...]) do ... end
** Returns the iterator, nil, nil and the cursor (the to-be-closed value,
** so `break` releases the statement at once).
*/
static int db_query(lua_State *L) {
  Database *d = todb(L);
  luaL_checkstring(L, 2);
  int owned;
  const char *tail;
  sqlite3_stmt *st = prepare(L, d, 1, 2, &owned, &tail);
  if (st == NULL) return luaL_error(L, "no SQL statement in '%s'", lua_tostring(L, 2));
  if (owned) {
    release(d, st, owned);
    return luaL_error(L, "query takes one statement; use db:exec for several "
                      "(SQL: %s)", lua_tostring(L, 2));
  }
  /* check the statement out of the cache while the cursor runs */
  lua_getiuservalue(L, 1, UV_CACHE);
  lua_pushvalue(L, 2);
  lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  d->ncached--;
  d->gen++;
  bind_params(L, d, st, 1, 3, 1);  /* on error it is finalized */
  Cursor *c = (Cursor *)lua_newuserdatauv(L, sizeof(Cursor), 3);
  c->st = st;
  c->d = d;
  c->cacheable = 1;
  c->done = 0;
  c->ncols = sqlite3_column_count(st);
  luaL_setmetatable(L, LDB_CURSOR);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 3);
  int ci = lua_gettop(L);
  lua_getiuservalue(L, 1, UV_CURSORS);
  lua_pushvalue(L, ci);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  lua_pushvalue(L, ci);
  lua_pushcclosure(L, cursor_next, 1);
  lua_pushnil(L);
  lua_pushnil(L);
  lua_pushvalue(L, ci);
  return 4;
}

/* -------------------------------------------------------- transactions */

/*
** Starts a transaction (BEGIN IMMEDIATE, level 0) or, inside one, a
** savepoint (level > 0). Returns the level for tx_end.
*/
static int tx_begin(lua_State *L, Database *d) {
  if (sqlite3_get_autocommit(d->db)) {
    run_sql(L, d, "BEGIN IMMEDIATE");
    return 0;
  }
  char sql[64];
  int level = ++d->nsavepoints;
  snprintf(sql, sizeof sql, "SAVEPOINT lede_%d", level);
  run_sql(L, d, sql);
  return level;
}

/*
** Commits (ok) or rolls back level. A failed commit is rolled back and
** raises; a rollback never raises (the caller has an error to report).
*/
static void tx_end(lua_State *L, Database *d, int level, int ok) {
  char sql[96];
  if (d->db == NULL) return;
  if (ok) {
    if (level == 0) snprintf(sql, sizeof sql, "COMMIT");
    else snprintf(sql, sizeof sql, "RELEASE lede_%d", level);
    if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) == SQLITE_OK) return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(d->db));
    tx_end(L, d, level, 0);
    raise_sql(L, msg, sql);
    return;
  }
  d->schema_version = -1;   /* DDL may have been undone */
  if (level == 0) {
    if (!sqlite3_get_autocommit(d->db))
      sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
  } else {
    snprintf(sql, sizeof sql, "ROLLBACK TO lede_%d; RELEASE lede_%d", level, level);
    sqlite3_exec(d->db, sql, NULL, NULL, NULL);
  }
}

/* db:_begin() -> level (for atomic in dbutil.lua) */
static int db_begin(lua_State *L) {
  Database *d = todb(L);
  lua_pushinteger(L, tx_begin(L, d));
  return 1;
}

/* db:_commit(level) */
static int db_commit(lua_State *L) {
  Database *d = todb(L);
  tx_end(L, d, (int)luaL_checkinteger(L, 2), 1);
  return 0;
}

/* db:_rollback(level); a closed database is fine (nothing to undo). */
static int db_rollback(lua_State *L) {
  Database *d = checkdb(L);
  tx_end(L, d, (int)luaL_checkinteger(L, 2), 0);
  return 0;
}

/* db:intransaction() -> boolean */
static int db_intransaction(lua_State *L) {
  Database *d = todb(L);
  lua_pushboolean(L, !sqlite3_get_autocommit(d->db));
  return 1;
}

/* ------------------------------------------------------ insert, upsert */

#define MODE_INSERT  0
#define MODE_REPLACE 1
#define MODE_IGNORE  2
#define MODE_UPSERT  3

/* Stack slots of insert_body. */
#define I_DB    1
#define I_TABLE 2
#define I_ROWS  3
#define I_OPTS  4
#define I_STATE 5
#define I_COLS  6     /* name -> index, index -> name */
#define I_PK    7     /* array of primary key (conflict target) names */

typedef struct Ins {
  Database *d;
  int mode;
  int alter;
  int returning;       /* single row: RETURNING rowid */
  int user_error;      /* the error came from the caller's iterator */
  sqlite3_stmt *st;    /* statement of the last column set */
  unsigned gen;        /* d->gen when st was fetched */
  int nset;            /* columns in the last set */
  lua_Integer count;   /* rows written */
  lua_Integer rowid;   /* single row: its rowid, or 0 */
  int haverowid;
  unsigned char inset[LDB_MAX_COLUMNS + 1];
} Ins;

/* Reads PRAGMA schema_version; flushes the schema cache when it moved. */
static void check_schema(lua_State *L, Database *d, int dbi) {
  int owned;
  lua_pushliteral(L, "PRAGMA schema_version");
  sqlite3_stmt *st = prepare(L, d, dbi, lua_gettop(L), &owned, NULL);
  lua_pop(L, 1);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) fail_stmt(L, d, st, owned);
  int v = sqlite3_column_int(st, 0);
  release(d, st, owned);
  if (v != d->schema_version) {
    lua_newtable(L);
    lua_setiuservalue(L, dbi, UV_SCHEMA);
    d->schema_version = v;
  }
}

/* After our own DDL: the cache is right, remember the new version. */
static void schema_changed(lua_State *L, Database *d, int dbi) {
  int owned;
  lua_pushliteral(L, "PRAGMA schema_version");
  sqlite3_stmt *st = prepare(L, d, dbi, lua_gettop(L), &owned, NULL);
  lua_pop(L, 1);
  if (sqlite3_step(st) != SQLITE_ROW) fail_stmt(L, d, st, owned);
  d->schema_version = sqlite3_column_int(st, 0);
  release(d, st, owned);
}

/*
** Pushes the schema entry of the table named at ti: {cols = {...}, pk =
** {...}}; an unknown table has no columns.
*/
static void push_schema(lua_State *L, Database *d, int dbi, int ti) {
  check_schema(L, d, dbi);
  lua_getiuservalue(L, dbi, UV_SCHEMA);
  lua_pushvalue(L, ti);
  if (lua_rawget(L, -2) == LUA_TTABLE) { lua_remove(L, -2); return; }
  lua_pop(L, 1);
  int owned;
  lua_pushliteral(L, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
  sqlite3_stmt *st = prepare(L, d, dbi, lua_gettop(L), &owned, NULL);
  lua_pop(L, 1);
  sqlite3_clear_bindings(st);
  size_t tn;
  const char *t = lua_tolstring(L, ti, &tn);
  sqlite3_bind_text64(st, 1, t, tn, SQLITE_STATIC, SQLITE_UTF8);
  lua_createtable(L, 0, 2);       /* entry */
  lua_newtable(L);                /* cols */
  lua_newtable(L);                /* pk positions -> names */
  int rc, n = 0, npk = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    int pk = sqlite3_column_int(st, 1);
    n++;
    lua_pushstring(L, name);
    lua_pushinteger(L, n);
    lua_rawset(L, -4);
    lua_pushstring(L, name);
    lua_rawseti(L, -3, n);
    if (pk > 0) {
      lua_pushstring(L, name);
      lua_rawseti(L, -2, pk);
      npk++;
    }
  }
  if (rc != SQLITE_DONE) fail_stmt(L, d, st, owned);
  release(d, st, owned);
  (void)npk;
  lua_setfield(L, -3, "pk");
  lua_setfield(L, -2, "cols");
  lua_pushvalue(L, ti);
  lua_pushvalue(L, -2);
  lua_rawset(L, -4);              /* schema[t] = entry */
  lua_remove(L, -2);
}

/* The SQL type for a first value. */
static const char *sql_type(lua_State *L, int v) {
  switch (lua_type(L, v)) {
  case LUA_TBOOLEAN: return "INTEGER";
  case LUA_TNUMBER: return lua_isinteger(L, v) ? "INTEGER" : "REAL";
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(L, v, &n);
    return is_text(s, n) ? "TEXT" : "BLOB";
  }
  case LUA_TTABLE: return "TEXT";
  default: return "";
  }
}

/* Records a new column in the cached index of I_COLS. */
static void add_known(lua_State *L, int key) {
  lua_Integer n = (lua_Integer)lua_rawlen(L, I_COLS) + 1;
  lua_pushvalue(L, key);
  lua_pushinteger(L, n);
  lua_rawset(L, I_COLS);
  lua_pushvalue(L, key);
  lua_rawseti(L, I_COLS, n);
}

/* Runs DDL built in an Sbuf (string at top); pops it. */
static void run_ddl(lua_State *L, Ins *s) {
  run_sql(L, s->d, lua_tostring(L, -1));
  lua_pop(L, 1);
}

/*
** 1 when the key at index k names a known column; a case-insensitive
** match (SQLite's rule) is remembered as an alias.
*/
static int known_column(lua_State *L, int k) {
  k = lua_absindex(L, k);
  lua_pushvalue(L, k);
  if (lua_rawget(L, I_COLS) == LUA_TNUMBER) { lua_pop(L, 1); return 1; }
  lua_pop(L, 1);
  const char *key = lua_tostring(L, k);
  lua_Integer n = (lua_Integer)lua_rawlen(L, I_COLS);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, I_COLS, i);
    if (sqlite3_stricmp(lua_tostring(L, -1), key) == 0) {
      lua_pop(L, 1);
      lua_pushvalue(L, k);
      lua_pushinteger(L, i);
      lua_rawset(L, I_COLS);
      return 1;
    }
    lua_pop(L, 1);
  }
  return 0;
}

/* Creates the table from the row at `row`, the primary key first. */
static void create_table(lua_State *L, Ins *s, int row) {
  const char *names[LDB_MAX_COLUMNS];
  int n = 0;
  lua_Integer npk = (lua_Integer)lua_rawlen(L, I_PK);
  lua_pushnil(L);
  while (lua_next(L, row)) {
    lua_pop(L, 1);
    int ispk = 0;
    for (lua_Integer i = 1; i <= npk && !ispk; i++) {
      lua_rawgeti(L, I_PK, i);
      ispk = lua_rawequal(L, -1, -2);
      lua_pop(L, 1);
    }
    if (ispk) continue;
    if (n >= LDB_MAX_COLUMNS)
      luaL_error(L, "too many columns in table '%s' (limit LDB_MAX_COLUMNS = %d)",
                 lua_tostring(L, I_TABLE), LDB_MAX_COLUMNS);
    names[n++] = lua_tostring(L, -1);  /* anchored by the row */
  }
  qsort(names, (size_t)n, sizeof *names, cmp_str);
  if (n + npk == 0)
    luaL_error(L, "cannot create table '%s' from an empty row", lua_tostring(L, I_TABLE));
  Sbuf b;
  sb_init(L, &b);
  sb_adds(&b, "CREATE TABLE ");
  size_t tn;
  const char *t = lua_tolstring(L, I_TABLE, &tn);
  sb_addident(&b, t, tn);
  sb_adds(&b, " (");
  int first = 1;
  for (lua_Integer i = 1; i <= npk; i++) {
    lua_rawgeti(L, I_PK, i);
    size_t kn;
    const char *k = lua_tolstring(L, -1, &kn);
    lua_pushvalue(L, -1);
    int has = lua_rawget(L, row) != LUA_TNIL;
    const char *type = has ? sql_type(L, lua_gettop(L)) : "INTEGER";
    lua_pop(L, 1);
    if (!first) sb_adds(&b, ", ");
    first = 0;
    sb_addident(&b, k, kn);
    if (*type) { sb_addc(&b, ' '); sb_adds(&b, type); }
    add_known(L, lua_gettop(L));
    lua_pop(L, 1);
  }
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, names[i]);
    lua_pushvalue(L, -1);
    lua_rawget(L, row);
    const char *type = sql_type(L, lua_gettop(L));
    lua_pop(L, 1);
    if (!first) sb_adds(&b, ", ");
    first = 0;
    sb_addident(&b, names[i], strlen(names[i]));
    if (*type) { sb_addc(&b, ' '); sb_adds(&b, type); }
    add_known(L, lua_gettop(L));
    lua_pop(L, 1);
  }
  if (npk > 0) {
    sb_adds(&b, ", PRIMARY KEY (");
    for (lua_Integer i = 1; i <= npk; i++) {
      size_t kn;
      lua_rawgeti(L, I_PK, i);
      const char *k = lua_tolstring(L, -1, &kn);
      if (i > 1) sb_adds(&b, ", ");
      sb_addident(&b, k, kn);
      lua_pop(L, 1);
    }
    sb_addc(&b, ')');
  }
  sb_addc(&b, ')');
  sb_result(&b);
  run_ddl(L, s);
  /* the cached entry lacks the new primary key: reload it next time */
  lua_getiuservalue(L, I_DB, UV_SCHEMA);
  lua_pushvalue(L, I_TABLE);
  lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

/* Adds the column named at k, typed from the value at v. */
static void add_column(lua_State *L, Ins *s, int k, int v) {
  Sbuf b;
  size_t tn, kn;
  const char *t = lua_tolstring(L, I_TABLE, &tn);
  const char *key = lua_tolstring(L, k, &kn);
  const char *type = sql_type(L, v);
  sb_init(L, &b);
  sb_adds(&b, "ALTER TABLE ");
  sb_addident(&b, t, tn);
  sb_adds(&b, " ADD COLUMN ");
  sb_addident(&b, key, kn);
  if (*type) { sb_addc(&b, ' '); sb_adds(&b, type); }
  sb_result(&b);
  run_ddl(L, s);
  add_known(L, k);
}

/* Builds (at the top) the INSERT for the column set in s->inset. */
static void build_insert(lua_State *L, Ins *s, int ncols) {
  static const char *const verbs[] = {"INSERT INTO ", "INSERT OR REPLACE INTO ",
                                      "INSERT OR IGNORE INTO ", "INSERT INTO "};
  Sbuf b;
  size_t tn, kn;
  const char *t = lua_tolstring(L, I_TABLE, &tn);
  char num[24];
  sb_init(L, &b);
  sb_adds(&b, verbs[s->mode]);
  sb_addident(&b, t, tn);
  if (s->nset == 0) {
    sb_adds(&b, " DEFAULT VALUES");
  } else {
    int first = 1;
    sb_adds(&b, " (");
    for (int i = 1; i <= ncols; i++) {
      if (!s->inset[i]) continue;
      lua_rawgeti(L, I_COLS, i);
      const char *k = lua_tolstring(L, -1, &kn);
      if (!first) sb_adds(&b, ", ");
      first = 0;
      sb_addident(&b, k, kn);
      lua_pop(L, 1);
    }
    sb_adds(&b, ") VALUES (");
    first = 1;
    for (int i = 1; i <= ncols; i++) {
      if (!s->inset[i]) continue;
      snprintf(num, sizeof num, "%s?%d", first ? "" : ", ", i);
      sb_adds(&b, num);
      first = 0;
    }
    sb_addc(&b, ')');
  }
  if (s->mode == MODE_UPSERT) {
    lua_Integer npk = (lua_Integer)lua_rawlen(L, I_PK);
    sb_adds(&b, " ON CONFLICT (");
    for (lua_Integer i = 1; i <= npk; i++) {
      lua_rawgeti(L, I_PK, i);
      const char *k = lua_tolstring(L, -1, &kn);
      if (i > 1) sb_adds(&b, ", ");
      sb_addident(&b, k, kn);
      lua_pop(L, 1);
    }
    sb_adds(&b, ") DO ");
    int first = 1;
    for (int i = 1; i <= ncols; i++) {
      if (!s->inset[i]) continue;
      lua_rawgeti(L, I_COLS, i);
      int ispk = 0;
      for (lua_Integer j = 1; j <= npk && !ispk; j++) {
        lua_rawgeti(L, I_PK, j);
        ispk = sqlite3_stricmp(lua_tostring(L, -1), lua_tostring(L, -2)) == 0;
        lua_pop(L, 1);
      }
      if (!ispk) {
        const char *k = lua_tolstring(L, -1, &kn);
        sb_adds(&b, first ? "UPDATE SET " : ", ");
        first = 0;
        sb_addident(&b, k, kn);
        sb_adds(&b, " = excluded.");
        sb_addident(&b, k, kn);
      }
      lua_pop(L, 1);
    }
    if (first) sb_adds(&b, "NOTHING");
  }
  if (s->returning) {
    /* the row id under a name no column shadows (a column may be "rowid") */
    static const char *const aliases[] = {"rowid", "_rowid_", "oid"};
    int a = 0;
    for (; a < 2; a++) {
      lua_getfield(L, I_COLS, aliases[a]);
      int shadowed = !lua_isnil(L, -1);
      lua_pop(L, 1);
      if (!shadowed) break;
    }
    sb_adds(&b, " RETURNING ");
    sb_adds(&b, aliases[a]);
  }
  sb_result(&b);
}

/* Raises an error of the insert body (not the caller's own). */
static int ins_bind_error(lua_State *L, Ins *s, int rc, int key, int v) {
  char what[160], buf[512], q[LDB_SQL_IN_ERROR + 4];
  snprintf(what, sizeof what, "column '%s'", lua_tostring(L, key));
  bind_errmsg(L, s->d, rc, v, what, buf, sizeof buf);
  shorten_sql(sqlite3_sql(s->st), q);
  return luaL_error(L, "%s (SQL: %s)", buf, q);
}

/* Steps the bound insert statement of s. */
static void ins_step(lua_State *L, Ins *s) {
  sqlite3_stmt *st = s->st;
  int rc = sqlite3_step(st);
  if (s->returning && rc == SQLITE_ROW) {
    s->rowid = sqlite3_column_int64(st, 0);
    s->haverowid = 1;
    rc = sqlite3_step(st);
  }
  if (rc != SQLITE_DONE) fail_stmt(L, s->d, st, 0);
  sqlite3_reset(st);
  s->count += sqlite3_changes(s->d->db);
}

/* The slow path: new columns, a new column set, or the first row. */
static void slow_row(lua_State *L, Ins *s, int row) {
  Database *d = s->d;
  int ncols = (int)lua_rawlen(L, I_COLS);
  int unknown = 0;
  lua_pushnil(L);
  while (lua_next(L, row)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "row keys must be column names (strings), not %s "
                 "(table '%s')", luaL_typename(L, -2), lua_tostring(L, I_TABLE));
    if (!known_column(L, -2)) unknown++;
    lua_pop(L, 1);
  }
  if (unknown > 0) {
    if (ncols == 0) {
      create_table(L, s, row);
    } else {
      lua_pushnil(L);
      while (lua_next(L, row)) {
        if (!known_column(L, -2)) {
          if (!s->alter)
            luaL_error(L, "table '%s' has no column named '%s' (alter = false)",
                       lua_tostring(L, I_TABLE), lua_tostring(L, -2));
          if ((int)lua_rawlen(L, I_COLS) >= LDB_MAX_COLUMNS)
            luaL_error(L, "too many columns in table '%s' (limit "
                       "LDB_MAX_COLUMNS = %d)", lua_tostring(L, I_TABLE),
                       LDB_MAX_COLUMNS);
          add_column(L, s, lua_gettop(L) - 1, lua_gettop(L));
        }
        lua_pop(L, 1);
      }
    }
    schema_changed(L, d, I_DB);
    ncols = (int)lua_rawlen(L, I_COLS);
  }
  if (ncols > LDB_MAX_COLUMNS)
    luaL_error(L, "too many columns in table '%s' (limit LDB_MAX_COLUMNS = %d)",
               lua_tostring(L, I_TABLE), LDB_MAX_COLUMNS);
  memset(s->inset, 0, (size_t)ncols + 1);
  s->nset = 0;
  lua_pushnil(L);
  while (lua_next(L, row)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawget(L, I_COLS);
    int i = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (!s->inset[i]) {
      s->inset[i] = 1;
      s->nset++;
    } else {
      luaL_error(L, "row has two keys for column '%s' (table '%s')",
                 lua_tostring(L, -1), lua_tostring(L, I_TABLE));
    }
  }
  build_insert(L, s, ncols);
  int owned;
  s->st = NULL;
  s->st = prepare(L, d, I_DB, lua_gettop(L), &owned, NULL);
  s->gen = d->gen;
  lua_pop(L, 1);
  lua_pushnil(L);
  while (lua_next(L, row)) {
    lua_pushvalue(L, -2);
    lua_rawget(L, I_COLS);
    int i = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    int rc = bind_value(L, s->st, i, lua_gettop(L), 0);
    if (rc != SQLITE_OK) ins_bind_error(L, s, rc, lua_gettop(L) - 1, lua_gettop(L));
    lua_pop(L, 1);
  }
  ins_step(L, s);
}

/*
** Inserts the row at index `row`: binds straight into the statement of
** the last column set while the keys match it, else takes the slow path.
*/
static void do_row(lua_State *L, Ins *s, int row) {
  if (s->st != NULL && s->gen == s->d->gen) {
    int nkeys = 0, ok = 1;
    lua_pushnil(L);
    while (lua_next(L, row)) {
      if (lua_type(L, -2) == LUA_TSTRING) {
        lua_pushvalue(L, -2);
        if (lua_rawget(L, I_COLS) == LUA_TNUMBER) {
          lua_Integer i = lua_tointeger(L, -1);
          lua_pop(L, 1);
          if (i <= LDB_MAX_COLUMNS && s->inset[i]) {
            int rc = bind_value(L, s->st, (int)i, -1, 0);
            if (rc != SQLITE_OK) ins_bind_error(L, s, rc, lua_gettop(L) - 1, lua_gettop(L));
            nkeys++;
            lua_pop(L, 1);
            continue;
          }
        } else {
          lua_pop(L, 1);
        }
      }
      ok = 0;
      lua_pop(L, 2);
      break;
    }
    if (ok && nkeys == s->nset) {
      ins_step(L, s);
      return;
    }
  }
  slow_row(L, s, row);
}

/* Pushes the conflict target / primary key list of the options at I_OPTS,
** or of the schema entry at `entry` when the options have none. */
static void push_pk(lua_State *L, int entry) {
  int t = LUA_TNIL;
  if (!lua_isnoneornil(L, I_OPTS)) {
    t = lua_getfield(L, I_OPTS, "pk");
    if (t == LUA_TNIL) lua_pop(L, 1);
  }
  if (t == LUA_TSTRING) {
    lua_createtable(L, 1, 0);
    lua_insert(L, -2);
    lua_rawseti(L, -2, 1);
  } else if (t == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
      if (lua_rawgeti(L, -1, i) != LUA_TSTRING)
        luaL_error(L, "option 'pk' must be a column name or a list of names");
      lua_pop(L, 1);
    }
  } else if (t != LUA_TNIL) {
    luaL_error(L, "option 'pk' must be a column name or a list of names");
  } else {
    lua_getfield(L, entry, "pk");
  }
}

/* The body of insert/upsert, run under lua_pcall by do_insert. */
static int insert_body(lua_State *L) {
  Ins *s = (Ins *)lua_touserdata(L, I_STATE);
  luaL_checkstack(L, 40, "insert");
  Database *d = s->d;
  push_schema(L, d, I_DB, I_TABLE);     /* 6: entry */
  lua_getfield(L, 6, "cols");           /* 7 */
  push_pk(L, 6);                        /* 8 */
  lua_copy(L, 7, I_COLS);
  lua_copy(L, 8, I_PK);
  lua_settop(L, I_PK);
  if (s->mode == MODE_UPSERT && lua_rawlen(L, I_PK) == 0)
    luaL_error(L, "upsert needs a primary key: pass {pk = 'column'} (table '%s' "
               "has none)", lua_tostring(L, I_TABLE));
  if (lua_type(L, I_ROWS) == LUA_TFUNCTION) {
    for (;;) {
      lua_pushvalue(L, I_ROWS);
      if (lua_pcall(L, 0, 1, 0) != LUA_OK) {
        s->user_error = 1;
        return lua_error(L);
      }
      if (lua_isnil(L, -1)) break;
      if (!lua_istable(L, -1))
        luaL_error(L, "row iterator returned a %s, not a table", luaL_typename(L, -1));
      if (d->db == NULL) luaL_error(L, "database closed during insert");
      do_row(L, s, lua_gettop(L));
      lua_pop(L, 1);
    }
    lua_pushinteger(L, s->count);
    return 1;
  }
  if (lua_rawgeti(L, I_ROWS, 1) == LUA_TTABLE) {
    lua_pop(L, 1);
    lua_Integer n = (lua_Integer)lua_rawlen(L, I_ROWS);
    for (lua_Integer i = 1; i <= n; i++) {
      if (lua_rawgeti(L, I_ROWS, i) != LUA_TTABLE)
        luaL_error(L, "row %d of %d is a %s, not a table", (int)i, (int)n,
                   luaL_typename(L, -1));
      do_row(L, s, lua_gettop(L));
      lua_pop(L, 1);
    }
    lua_pushinteger(L, s->count);
    return 1;
  }
  lua_pop(L, 1);
  /* a single row */
  lua_pushnil(L);
  if (lua_next(L, I_ROWS) == 0) {
    lua_pushinteger(L, 0);            /* {}: no rows */
    return 1;
  }
  lua_pop(L, 2);
  s->returning = 1;
  do_row(L, s, I_ROWS);
  if (s->haverowid) lua_pushinteger(L, s->rowid);
  else lua_pushnil(L);
  return 1;
}

static int do_insert(lua_State *L, int mode) {
  Database *d = todb(L);
  luaL_checkstring(L, 2);
  luaL_argexpected(L, lua_istable(L, 3) || lua_isfunction(L, 3), 3,
                   "row, array of rows or iterator");
  lua_settop(L, 4);
  Ins *s = (Ins *)lua_newuserdatauv(L, sizeof(Ins), 0);   /* 5 */
  memset(s, 0, sizeof *s);
  s->d = d;
  s->mode = mode;
  s->alter = lede_optbool(L, 4, "alter", 1);
  if (mode != MODE_UPSERT) {
    int replace = lede_optbool(L, 4, "replace", 0);
    int ignore = lede_optbool(L, 4, "ignore", 0);
    luaL_argcheck(L, !(replace && ignore), 4, "options 'replace' and 'ignore' exclude each other");
    if (replace) s->mode = MODE_REPLACE;
    if (ignore) s->mode = MODE_IGNORE;
  }
  int level = tx_begin(L, d);
  lua_pushcfunction(L, insert_body);
  for (int i = 1; i <= 5; i++) lua_pushvalue(L, i);
  if (lua_pcall(L, 5, 1, 0) != LUA_OK) {
    tx_end(L, d, level, 0);
    if (!s->user_error && lua_type(L, -1) == LUA_TSTRING) {
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
    }
    return lua_error(L);
  }
  tx_end(L, d, level, 1);
  return 1;
}

/*
** db:insert(table, row | rows | iterator [, {pk=, replace=, ignore=,
** alter=true}]) -> rowid (one row; nil when ignored) | rows written
*/
static int db_insert(lua_State *L) { return do_insert(L, MODE_INSERT); }

/*
** db:upsert(table, row | rows | iterator, {pk = ...}) -> as insert
** INSERT ... ON CONFLICT (pk) DO UPDATE SET the other columns.
*/
static int db_upsert(lua_State *L) { return do_insert(L, MODE_UPSERT); }

/* -------------------------------------------------------------- opener */

static int null_tostring(lua_State *L) {
  lua_pushliteral(L, "null");
  return 1;
}

static const luaL_Reg db_methods[] = {
  {"close", db_close},
  {"exec", db_exec},
  {"query", db_query},
  {"one", db_one},
  {"insert", db_insert},
  {"upsert", db_upsert},
  {"path", db_path},
  {"isopen", db_isopen},
  {"intransaction", db_intransaction},
  {"_begin", db_begin},
  {"_commit", db_commit},
  {"_rollback", db_rollback},
  {NULL, NULL}
};

static const luaL_Reg db_metamethods[] = {
  {"__gc", db_close},
  {"__close", db_close},
  {"__tostring", db_tostring},
  {"__index", NULL},
  {NULL, NULL}
};

static const luaL_Reg cursor_metamethods[] = {
  {"__gc", cursor_close},
  {"__close", cursor_close},
  {"__tostring", cursor_tostring},
  {NULL, NULL}
};

static const luaL_Reg db_funcs[] = {
  {"open", l_open},
  {"memory", l_memory},
  {NULL, NULL}
};

int lede_open_db(lua_State *L) {
  luaL_newmetatable(L, LDB_DATABASE);
  luaL_setfuncs(L, db_metamethods, 0);
  luaL_newlibtable(L, db_methods);
  luaL_setfuncs(L, db_methods, 0);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");           /* mt.__index = methods */
  lua_newtable(L);                          /* lede.db */
  lua_insert(L, -2);
  lua_setfield(L, -2, "_methods");
  luaL_setfuncs(L, db_funcs, 0);
  luaL_newmetatable(L, LDB_NULL);
  lua_pushcfunction(L, null_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  lua_newuserdatauv(L, 0, 0);
  luaL_setmetatable(L, LDB_NULL);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &null_key);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "null");              /* lede.db.null */
  lua_setfield(L, -4, "null");              /* lede.null */
  lua_setfield(L, -3, "db");                /* lede.db */
  lua_pop(L, 1);                            /* the Database metatable */
  luaL_newmetatable(L, LDB_CURSOR);
  luaL_setfuncs(L, cursor_metamethods, 0);
  lua_pop(L, 1);
  return 0;
}
