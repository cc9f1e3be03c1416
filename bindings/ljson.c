/*
** ljson.c -- the one JSON module of lede: the encoder that lede.json, the
** CLI's records (lede.output), `lede map` rows and table values bound into
** SQLite (ldb.c) all use, and a reader that keeps what Debian's lua-cjson
** loses.
**
**   lede.json(v) -> text
**   lede._json_record(cols, rec) -> '{"col":v,...}' in the order of cols,
**     nil fields left out (one NDJSON record)
**   lede._json.encode(v [, exact]) -> text; exact: a float with an integral
**     value keeps a fraction ("7.0"), so lede._json.decode gives back the
**     same Lua types (the rows of `lede map`)
**   lede._json.decode(s [, null]) -> value | nil, message, byte_pos
**
** Writing: nil and lede.null are null; booleans; integers as integers, a
** float with an integral value below 2^53 as an integer, other floats in
** the shortest form that reads back the same, NaN and infinities null;
** strings escaped (", \, control characters; \b \f \n \r \t by name).
** A table is an array when its keys are exactly 1..n (an empty table is
** []), else an object with sorted keys. A table whose metatable has
** __jsonkeys (an array of keys) is an object in that order; one with
** __jsonarray is an array whatever its keys. lede.json is lenient: other
** values are written as their tostring, bytes as they are. Bound into
** SQLite (strict) they are errors.
**
** Reading: integers stay integers (`7`, not `7.0`; ids and counts
** round-trip), and floats written with a fraction or an exponent stay
** floats. JSON null becomes `null` (default nil: the key is then absent
** from its object). Strings are checked as UTF-8 by the decoder of escapes
** only; raw bytes are copied as they are (the database binds them as
** text). Nesting is limited to JSON_MAX_DEPTH levels, so a hostile line
** cannot exhaust the C stack.
*/
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "lbind.h"

#define JSON_MAX_DEPTH 200

typedef struct reader {
  lua_State *L;
  const char *s, *p, *end;
  int null_idx;           /* stack index of the null value, 0 for nil */
  const char *err;
  int skip;               /* check the grammar only: push nothing */
} reader;

static void skip_ws(reader *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static int fail(reader *r, const char *msg) {
  if (!r->err) r->err = msg;
  return 0;
}

static int hex4(reader *r, unsigned *out) {
  if (r->end - r->p < 4) return fail(r, "short \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = r->p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return fail(r, "bad \\u escape");
  }
  r->p += 4;
  *out = v;
  return 1;
}

static void add_utf8(luaL_Buffer *b, unsigned cp) {
  char u[4];
  int n;
  if (cp < 0x80) { u[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  luaL_addlstring(b, u, (size_t)n);
}

/* The end of the plain run of string bytes at p: the first '"', '\\' or
** control character, or end. Eight bytes at a time (SWAR): news text is
** long runs between escapes. */
static const char *plain_run(const char *p, const char *end) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  while (end - p >= 8) {
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    uint64_t hit = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((x - ones * 0x20) & ~x);
    if (hit & highs) break;
    p += 8;
  }
  while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) p++;
  return p;
}

/* What read_string keeps (nothing when skipping). */
#define KEEP(stmt) do { if (!r->skip) { stmt; } } while (0)

/* A string at r->p (just after its opening quote); pushes it. */
static int read_string(reader *r) {
  luaL_Buffer b;
  KEEP(luaL_buffinit(r->L, &b));
  for (;;) {
    const char *start = r->p;
    r->p = plain_run(r->p, r->end);
    KEEP(luaL_addlstring(&b, start, (size_t)(r->p - start)));
    if (r->p >= r->end) return fail(r, "unterminated string");
    char c = *r->p++;
    if (c == '"') break;
    if (c != '\\') return fail(r, "control character in string");
    if (r->p >= r->end) return fail(r, "unterminated string");
    c = *r->p++;
    switch (c) {
      case '"': KEEP(luaL_addchar(&b, '"')); break;
      case '\\': KEEP(luaL_addchar(&b, '\\')); break;
      case '/': KEEP(luaL_addchar(&b, '/')); break;
      case 'b': KEEP(luaL_addchar(&b, '\b')); break;
      case 'f': KEEP(luaL_addchar(&b, '\f')); break;
      case 'n': KEEP(luaL_addchar(&b, '\n')); break;
      case 'r': KEEP(luaL_addchar(&b, '\r')); break;
      case 't': KEEP(luaL_addchar(&b, '\t')); break;
      case 'u': {
        unsigned cp;
        if (!hex4(r, &cp)) return 0;
        if (cp >= 0xD800 && cp < 0xDC00) {   /* a surrogate pair, or U+FFFD */
          unsigned lo;
          if (r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
            r->p += 2;
            if (!hex4(r, &lo)) return 0;
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else { KEEP(add_utf8(&b, 0xFFFD)); cp = lo; }
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        KEEP(add_utf8(&b, cp));
        break;
      }
      default: return fail(r, "bad escape in string");
    }
  }
  KEEP(luaL_pushresult(&b));
  return 1;
}

/* A number: an integer when written without fraction or exponent and it
** fits in 64 bits, else a float. */
static int read_number(reader *r) {
  const char *start = r->p;
  int is_float = 0;
  if (r->p < r->end && *r->p == '-') r->p++;
  if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "bad number");
  while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  if (r->p < r->end && *r->p == '.') {
    is_float = 1;
    r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "bad number");
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
    is_float = 1;
    r->p++;
    if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
    if (r->p >= r->end || *r->p < '0' || *r->p > '9') return fail(r, "bad number");
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  }
  if (r->skip) return 1;
  char buf[64];
  size_t n = (size_t)(r->p - start);
  if (n >= sizeof buf) is_float = 1;     /* too long for an int64 anyway */
  if (!is_float) {
    memcpy(buf, start, n);
    buf[n] = '\0';
    errno = 0;
    char *e;
    long long v = strtoll(buf, &e, 10);
    if (errno == 0) {
      lua_pushinteger(r->L, (lua_Integer)v);
      return 1;
    }
  }
  /* floats: strtod needs a terminated copy; long mantissas are rare */
  char *copy = n < sizeof buf ? buf : malloc(n + 1);
  if (!copy) return fail(r, "out of memory");
  memcpy(copy, start, n);
  copy[n] = '\0';
  double d = strtod(copy, NULL);
  if (copy != buf) free(copy);
  lua_pushnumber(r->L, (lua_Number)d);
  return 1;
}

static int read_value(reader *r, int depth);

static int read_literal(reader *r, const char *word, size_t n) {
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) return fail(r, "unexpected character");
  r->p += n;
  return 1;
}

static int read_value(reader *r, int depth) {
  lua_State *L = r->L;
  if (depth > JSON_MAX_DEPTH) return fail(r, "nested too deep (limit JSON_MAX_DEPTH = 200)");
  skip_ws(r);
  if (r->p >= r->end) return fail(r, "unexpected end of input");
  luaL_checkstack(L, 4, "JSON nesting");
  char c = *r->p;
  if (c == '{') {
    r->p++;
    KEEP(lua_newtable(L));
    skip_ws(r);
    if (r->p < r->end && *r->p == '}') { r->p++; return 1; }
    for (;;) {
      skip_ws(r);
      if (r->p >= r->end || *r->p != '"') return fail(r, "expected a string key");
      r->p++;
      if (!read_string(r)) return 0;
      skip_ws(r);
      if (r->p >= r->end || *r->p != ':') return fail(r, "expected ':'");
      r->p++;
      if (!read_value(r, depth + 1)) return 0;
      KEEP(lua_rawset(L, -3));   /* a nil value (null) leaves the key out */
      skip_ws(r);
      if (r->p < r->end && *r->p == ',') { r->p++; continue; }
      if (r->p < r->end && *r->p == '}') { r->p++; return 1; }
      return fail(r, "expected ',' or '}'");
    }
  }
  if (c == '[') {
    r->p++;
    KEEP(lua_newtable(L));
    lua_Integer i = 0;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') { r->p++; return 1; }
    for (;;) {
      if (!read_value(r, depth + 1)) return 0;
      ++i;
      KEEP(lua_rawseti(L, -2, i));
      skip_ws(r);
      if (r->p < r->end && *r->p == ',') { r->p++; continue; }
      if (r->p < r->end && *r->p == ']') { r->p++; return 1; }
      return fail(r, "expected ',' or ']'");
    }
  }
  if (c == '"') { r->p++; return read_string(r); }
  if (c == 't') { if (!read_literal(r, "true", 4)) return 0; KEEP(lua_pushboolean(L, 1)); return 1; }
  if (c == 'f') { if (!read_literal(r, "false", 5)) return 0; KEEP(lua_pushboolean(L, 0)); return 1; }
  if (c == 'n') {
    if (!read_literal(r, "null", 4)) return 0;
    KEEP(if (r->null_idx) lua_pushvalue(L, r->null_idx); else lua_pushnil(L));
    return 1;
  }
  if (c == '-' || (c >= '0' && c <= '9')) return read_number(r);
  return fail(r, "unexpected character");
}

/* _json.decode(s [, null]) -> value | nil, message, byte_pos */
static int j_decode(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  reader r = { L, s, s, s + n, lua_isnoneornil(L, 2) ? 0 : 2, NULL, 0 };
  int top = lua_gettop(L);
  if (read_value(&r, 0)) {
    skip_ws(&r);
    if (r.p == r.end) return 1;
    r.err = "text after the value";
  }
  lua_settop(L, top);
  luaL_pushfail(L);
  lua_pushstring(L, r.err ? r.err : "bad JSON");
  lua_pushinteger(L, (lua_Integer)(r.p - s) + 1);
  return 3;
}

/*
** _json.field(s, key [, i [, j]]) -> string | nil
** The string value of the top-level member `key` of the JSON object s
** (or of s:sub(i, j), without making that string)
** (the last one, as decode keeps it), without building the rest: the
** whole text is still checked as JSON. nil when s is not a JSON object or
** the member is missing or not a string. A worker of `lede run -j` reads
** each line's "text" this way to know whether the article is its own.
*/
static int j_field(lua_State *L) {
  size_t n, kn;
  const char *s = luaL_checklstring(L, 1, &n);
  const char *key = luaL_checklstring(L, 2, &kn);
  lua_Integer i = luaL_optinteger(L, 3, 1), j = luaL_optinteger(L, 4, (lua_Integer)n);
  if (i < 1) i = 1;
  if (j > (lua_Integer)n) j = (lua_Integer)n;
  if (i > j) return 0;
  reader r = { L, s + i - 1, s + i - 1, s + j, 0, NULL, 1 };
  const char *value = NULL;
  skip_ws(&r);
  if (r.p >= r.end || *r.p != '{') return 0;
  r.p++;
  skip_ws(&r);
  if (r.p < r.end && *r.p == '}') return 0;
  for (;;) {
    skip_ws(&r);
    if (r.p >= r.end || *r.p != '"') return 0;
    r.p++;
    const char *k = r.p;
    const char *q = k;
    while (q < r.end && *q != '"' && *q != '\\') q++;
    r.skip = q < r.end && *q == '"';   /* a key without escapes is compared as written */
    if (!read_string(&r)) return 0;
    int match;
    if (r.skip) {
      match = (size_t)(r.p - 1 - k) == kn && memcmp(k, key, kn) == 0;
    } else {
      size_t dn;
      const char *d = lua_tolstring(L, -1, &dn);
      match = dn == kn && memcmp(d, key, kn) == 0;
      lua_pop(L, 1);
      r.skip = 1;
    }
    skip_ws(&r);
    if (r.p >= r.end || *r.p != ':') return 0;
    r.p++;
    skip_ws(&r);
    if (match) {   /* the value, kept when a string (a later one replaces it) */
      if (value) lua_pop(L, 1);
      value = NULL;
      if (r.p < r.end && *r.p == '"') {
        r.p++;
        r.skip = 0;
        if (!read_string(&r)) return 0;
        r.skip = 1;
        value = r.p;
      } else if (!read_value(&r, 1)) {
        return 0;
      }
    } else if (!read_value(&r, 1)) {
      return 0;
    }
    skip_ws(&r);
    if (r.p < r.end && *r.p == ',') { r.p++; continue; }
    if (r.p < r.end && *r.p == '}') { r.p++; break; }
    return 0;
  }
  skip_ws(&r);
  return r.p == r.end && value != NULL;
}

/* ------------------------------------------------------------ writer */

#define JF_STRICT 1   /* bound into SQLite: errors for what JSON cannot say */
#define JF_EXACT  2   /* floats keep a fraction: 7.0 */


/* A growing buffer: first a C array in the struct (most records and
** values are short: no allocation), then a userdata at a fixed stack slot,
** so the stack can be used freely while it grows (luaL_Buffer cannot).
** A jbuf is used through a pointer, never copied. */
#define JB_FIRST 512

typedef struct jbuf {
  lua_State *L;
  int slot;
  char *p;
  size_t n, cap;
  char first[JB_FIRST];
} jbuf;

static void jb_init(lua_State *L, jbuf *b) {
  b->L = L;
  b->cap = JB_FIRST;
  b->n = 0;
  b->p = b->first;
  lua_pushnil(L);   /* the slot the userdata takes when the text grows */
  b->slot = lua_gettop(L);
}

static void jb_need(jbuf *b, size_t k) {
  if (b->n + k <= b->cap) return;
  size_t cap = b->cap * 2;
  while (cap < b->n + k) cap *= 2;
  char *p = lua_newuserdatauv(b->L, cap, 0);
  memcpy(p, b->p, b->n);
  lua_replace(b->L, b->slot);
  b->p = p;
  b->cap = cap;
}

static void jb_add(jbuf *b, const char *s, size_t k) {
  jb_need(b, k);
  memcpy(b->p + b->n, s, k);
  b->n += k;
}

static void jb_adds(jbuf *b, const char *s) { jb_add(b, s, strlen(s)); }

static void jb_addc(jbuf *b, char c) {
  jb_need(b, 1);
  b->p[b->n++] = c;
}

static void json_string(jbuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  jb_need(b, n + 2);
  jb_addc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
    jb_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': jb_add(b, "\\\"", 2); break;
    case '\\': jb_add(b, "\\\\", 2); break;
    case '\b': jb_add(b, "\\b", 2); break;
    case '\f': jb_add(b, "\\f", 2); break;
    case '\n': jb_add(b, "\\n", 2); break;
    case '\r': jb_add(b, "\\r", 2); break;
    case '\t': jb_add(b, "\\t", 2); break;
    default: {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      jb_add(b, e, 6);
    }
    }
  }
  jb_add(b, s + run, n - run);
  jb_addc(b, '"');
}

static void json_number(jbuf *b, lua_State *L, int v, int fl) {
  char num[64];
  if (lua_isinteger(L, v)) {
    snprintf(num, sizeof num, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, v));
  } else {
    double x = lua_tonumber(L, v);
    if (x != x || x - x != 0) {
      jb_adds(b, "null");
      return;
    }
    if (x == floor(x) && fabs(x) < 9007199254740992.0) {
      snprintf(num, sizeof num, (fl & JF_EXACT) ? "%.0f.0" : "%.0f", x);
      if (strcmp(num, "-0") == 0) strcpy(num, "0");
    } else {
      /* the shortest form that reads back as the same double */
      for (int prec = 15; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, x);
        if (strtod(num, NULL) == x) break;
      }
    }
  }
  jb_adds(b, num);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The metatable field `key` of the value at v is not nil: pushes it. */
static int meta_field(lua_State *L, int v, const char *key) {
  if (!lua_getmetatable(L, v)) return 0;
  if (lua_getfield(L, -1, key) == LUA_TNIL) {
    lua_pop(L, 2);
    return 0;
  }
  lua_remove(L, -2);
  return 1;
}

static int json_value(lua_State *L, jbuf *b, int v, int depth, int fl);

/* An object over the keys in the array at index `keys`, in that order. */
static int json_ordered(lua_State *L, jbuf *b, int v, int keys, int depth,
                        int fl) {
  int rc = 0, first = 1;
  lua_Integer nk = (lua_Integer)lua_rawlen(L, keys);
  jb_addc(b, '{');
  for (lua_Integer i = 1; i <= nk && rc == 0; i++) {
    lua_rawgeti(L, keys, i);
    lua_pushvalue(L, -1);
    if (lua_gettable(L, v) == LUA_TNIL) {
      lua_pop(L, 2);
      continue;
    }
    if (!first) jb_addc(b, ',');
    first = 0;
    size_t kn;
    const char *k = luaL_tolstring(L, -2, &kn);
    json_string(b, k, kn);
    lua_pop(L, 1);
    jb_addc(b, ':');
    rc = json_value(L, b, lua_gettop(L), depth + 1, fl);
    lua_pop(L, 2);
  }
  jb_addc(b, '}');
  return rc;
}

/*
** Appends the value at absolute index v. Returns 0 or a LEDE_JSON_E*
** code (strict mode only, except LEDE_JSON_EDEEP).
*/
static int json_value(lua_State *L, jbuf *b, int v, int depth, int fl) {
  switch (lua_type(L, v)) {
  case LUA_TNIL: jb_adds(b, "null"); return 0;
  case LUA_TBOOLEAN: jb_adds(b, lua_toboolean(L, v) ? "true" : "false"); return 0;
  case LUA_TNUMBER: json_number(b, L, v, fl); return 0;
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(L, v, &n);
    if ((fl & JF_STRICT) && lede_check(s, n, NULL) != LEDE_OK) return LEDE_JSON_EUTF8;
    json_string(b, s, n);
    return 0;
  }
  case LUA_TTABLE: break;
  default:
    if (lede_is_null(L, v)) { jb_adds(b, "null"); return 0; }
    if (fl & JF_STRICT) return LEDE_JSON_ETYPE;
    {
      size_t n;
      const char *s = luaL_tolstring(L, v, &n);
      json_string(b, s, n);
      lua_pop(L, 1);
    }
    return 0;
  }
  if (depth >= LEDE_JSON_MAX_DEPTH) return LEDE_JSON_EDEEP;
  luaL_checkstack(L, 8, "table nested too deep for JSON");
  int top = lua_gettop(L), rc = 0;
  if (meta_field(L, v, "__jsonkeys")) {
    rc = json_ordered(L, b, v, top + 1, depth, fl);
    lua_settop(L, top);
    return rc;
  }
  int forced = meta_field(L, v, "__jsonarray");
  lua_settop(L, top);
  lua_Integer len = (lua_Integer)lua_rawlen(L, v), count = 0;
  int array = 1;
  if (!forced) {
    lua_pushnil(L);
    while (lua_next(L, v)) {
      lua_pop(L, 1);
      count++;
      if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
          lua_tointeger(L, -1) > len) array = 0;
    }
  }
  if (array) {
    jb_addc(b, '[');
    for (lua_Integer i = 1; i <= len && rc == 0; i++) {
      if (i > 1) jb_addc(b, ',');
      lua_rawgeti(L, v, i);
      rc = json_value(L, b, lua_gettop(L), depth + 1, fl);
      lua_pop(L, 1);
    }
    jb_addc(b, ']');
    return rc;
  }
  /* object: key strings -> original keys in a scratch table; sorted */
  lua_createtable(L, 0, (int)count);      /* top+1 */
  int nk = 0;
  lua_pushnil(L);
  while (lua_next(L, v)) {
    lua_pop(L, 1);
    int kt = lua_type(L, -1);
    if (kt != LUA_TSTRING && kt != LUA_TNUMBER) {
      if (fl & JF_STRICT) { lua_settop(L, top); return LEDE_JSON_EKEY; }
      continue;
    }
    lua_pushvalue(L, -1);
    lua_tostring(L, -1);                  /* converts the copy only */
    lua_pushvalue(L, -2);
    lua_rawset(L, top + 1);
    nk++;
  }
  const char **keys = lua_newuserdatauv(L, sizeof(char *) * (size_t)(nk + 1), 0);
  nk = 0;
  lua_pushnil(L);
  while (lua_next(L, top + 1)) {
    lua_pop(L, 1);
    keys[nk++] = lua_tostring(L, -1);     /* anchored by the scratch table */
  }
  qsort(keys, (size_t)nk, sizeof *keys, cmp_str);
  jb_addc(b, '{');
  for (int i = 0; i < nk && rc == 0; i++) {
    size_t kn = strlen(keys[i]);
    if ((fl & JF_STRICT) && lede_check(keys[i], kn, NULL) != LEDE_OK) { rc = LEDE_JSON_EUTF8; break; }
    if (i > 0) jb_addc(b, ',');
    json_string(b, keys[i], kn);
    jb_addc(b, ':');
    lua_pushstring(L, keys[i]);
    lua_rawget(L, top + 1);               /* the original key */
    lua_rawget(L, v);
    rc = json_value(L, b, lua_gettop(L), depth + 1, fl);
    lua_pop(L, 1);
  }
  jb_addc(b, '}');
  lua_settop(L, top);
  return rc;
}

static int json_push(lua_State *L, int v, int fl) {
  jbuf b;
  v = lua_absindex(L, v);
  jb_init(L, &b);
  int rc = json_value(L, &b, v, 0, fl);
  if (rc == 0) lua_pushlstring(L, b.p, b.n);
  lua_remove(L, b.slot);
  return rc;
}

int lede_json_push(lua_State *L, int v, int strict) {
  return json_push(L, v, strict ? JF_STRICT : 0);
}

/* lede.json(v) -> text */
static int l_json(lua_State *L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  if (lede_json_push(L, 1, 0) == LEDE_JSON_EDEEP)
    return luaL_error(L, "value nested deeper than %d levels for JSON",
                      LEDE_JSON_MAX_DEPTH);
  return 1;
}

/* lede._json_record(cols, rec) -> one JSON object over cols, in order */
static int l_json_record(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  jbuf b;
  jb_init(L, &b);
  if (json_ordered(L, &b, 2, 1, 0, 0) == LEDE_JSON_EDEEP)
    return luaL_error(L, "value nested deeper than %d levels for JSON",
                      LEDE_JSON_MAX_DEPTH);
  lua_pushlstring(L, b.p, b.n);
  return 1;
}

/* _json.encode(v [, exact]) -> text */
static int j_encode(lua_State *L) {
  luaL_checkany(L, 1);
  int exact = lua_toboolean(L, 2);
  lua_settop(L, 1);
  if (json_push(L, 1, exact ? JF_EXACT : 0) == LEDE_JSON_EDEEP)
    return luaL_error(L, "value nested deeper than %d levels for JSON",
                      LEDE_JSON_MAX_DEPTH);
  return 1;
}

static const luaL_Reg json_funcs[] = {
  {"decode", j_decode},
  {"encode", j_encode},
  {"field", j_field},
  {NULL, NULL}
};

static const luaL_Reg funcs[] = {
  {"json", l_json},
  {"_json_record", l_json_record},
  {NULL, NULL}
};

int lede_open_json(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
  luaL_newlib(L, json_funcs);
  lua_setfield(L, -2, "_json");
  return 0;
}
