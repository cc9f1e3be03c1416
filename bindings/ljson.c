/*
** ljson.c -- a JSON reader that keeps what Debian's lua-cjson loses:
** integers stay integers (`7`, not `7.0`; ids and counts round-trip), and
** floats written with a fraction or an exponent stay floats. Exposed as
** lede._json (internal): the map step's rows (`lede load`) go through it.
**
**   _json.decode(s [, null]) -> value | nil, message, byte_pos
**
** JSON null becomes `null` (default nil: the key is then absent from its
** object). Strings are checked as UTF-8 by the decoder of escapes only;
** raw bytes are copied as they are (the database binds them as text).
** Nesting is limited to JSON_MAX_DEPTH levels, so a hostile line cannot
** exhaust the C stack.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lbind.h"

#define JSON_MAX_DEPTH 200

typedef struct reader {
  lua_State *L;
  const char *s, *p, *end;
  int null_idx;           /* stack index of the null value, 0 for nil */
  const char *err;
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

/* A string at r->p (just after its opening quote); pushes it. */
static int read_string(reader *r) {
  luaL_Buffer b;
  luaL_buffinit(r->L, &b);
  for (;;) {
    const char *start = r->p;
    while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p >= 0x20) r->p++;
    luaL_addlstring(&b, start, (size_t)(r->p - start));
    if (r->p >= r->end) return fail(r, "unterminated string");
    char c = *r->p++;
    if (c == '"') break;
    if (c != '\\') return fail(r, "control character in string");
    if (r->p >= r->end) return fail(r, "unterminated string");
    c = *r->p++;
    switch (c) {
      case '"': luaL_addchar(&b, '"'); break;
      case '\\': luaL_addchar(&b, '\\'); break;
      case '/': luaL_addchar(&b, '/'); break;
      case 'b': luaL_addchar(&b, '\b'); break;
      case 'f': luaL_addchar(&b, '\f'); break;
      case 'n': luaL_addchar(&b, '\n'); break;
      case 'r': luaL_addchar(&b, '\r'); break;
      case 't': luaL_addchar(&b, '\t'); break;
      case 'u': {
        unsigned cp;
        if (!hex4(r, &cp)) return 0;
        if (cp >= 0xD800 && cp < 0xDC00) {   /* a surrogate pair, or U+FFFD */
          unsigned lo;
          if (r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
            r->p += 2;
            if (!hex4(r, &lo)) return 0;
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else { add_utf8(&b, 0xFFFD); cp = lo; }
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          cp = 0xFFFD;
        }
        add_utf8(&b, cp);
        break;
      }
      default: return fail(r, "bad escape in string");
    }
  }
  luaL_pushresult(&b);
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
    lua_newtable(L);
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
      lua_rawset(L, -3);       /* a nil value (null) leaves the key out */
      skip_ws(r);
      if (r->p < r->end && *r->p == ',') { r->p++; continue; }
      if (r->p < r->end && *r->p == '}') { r->p++; return 1; }
      return fail(r, "expected ',' or '}'");
    }
  }
  if (c == '[') {
    r->p++;
    lua_newtable(L);
    lua_Integer i = 0;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') { r->p++; return 1; }
    for (;;) {
      if (!read_value(r, depth + 1)) return 0;
      lua_rawseti(L, -2, ++i);
      skip_ws(r);
      if (r->p < r->end && *r->p == ',') { r->p++; continue; }
      if (r->p < r->end && *r->p == ']') { r->p++; return 1; }
      return fail(r, "expected ',' or ']'");
    }
  }
  if (c == '"') { r->p++; return read_string(r); }
  if (c == 't') { if (!read_literal(r, "true", 4)) return 0; lua_pushboolean(L, 1); return 1; }
  if (c == 'f') { if (!read_literal(r, "false", 5)) return 0; lua_pushboolean(L, 0); return 1; }
  if (c == 'n') {
    if (!read_literal(r, "null", 4)) return 0;
    if (r->null_idx) lua_pushvalue(L, r->null_idx); else lua_pushnil(L);
    return 1;
  }
  if (c == '-' || (c >= '0' && c <= '9')) return read_number(r);
  return fail(r, "unexpected character");
}

/* _json.decode(s [, null]) -> value | nil, message, byte_pos */
static int j_decode(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  reader r = { L, s, s, s + n, lua_isnoneornil(L, 2) ? 0 : 2, NULL };
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

static const luaL_Reg json_funcs[] = {
  {"decode", j_decode},
  {NULL, NULL}
};

int lede_open_json(lua_State *L) {
  luaL_newlib(L, json_funcs);
  lua_setfield(L, -2, "_json");
  return 0;
}
