/*
** lhtml.c -- the HTML reader's binding: lede._html(src). The document
** object (lede.html, HTML through lede.inputs) is built on it in
** bindings/lua/doc.lua and inputs.lua.
*/
#include <string.h>

#include "lbind.h"
#include "html/html.h"

#define HTML_RAW "lede.html_raw"

static void setstring(lua_State *L, const char *key, const char *v) {
  if (!v || !*v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

/* A list of the paragraphs with one role, as spans {text, start, stop}. */
static void push_role(lua_State *L, const lede_html *h, int role) {
  size_t i;
  int k = 0;
  lua_newtable(L);
  for (i = 0; i < h->nparas; i++) {
    if (h->paras[i].role != role) continue;
    lua_createtable(L, 0, 3);
    lede_setpos(L, h->text, h->paras[i].start, h->paras[i].end);
    lua_rawseti(L, -2, ++k);
  }
}

/* byline = {text, start, stop, names}: the printed byline line when
** there is one, else the metadata's names alone. */
static void push_byline(lua_State *L, const lede_html *h) {
  size_t i;
  const lede_html_para *line = NULL;
  for (i = 0; i < h->nparas && !line; i++)
    if (h->paras[i].role == LEDE_ROLE_BYLINE) line = &h->paras[i];
  if (!line && !h->byline) return;
  lua_createtable(L, 0, 4);
  if (line) lede_setpos(L, h->text, line->start, line->end);
  else setstring(L, "text", h->byline);
  lua_newtable(L);
  if (h->byline) {
    const char *p = h->byline;
    int k = 0;
    while (*p) {
      const char *e = strstr(p, "; ");
      size_t n = e ? (size_t)(e - p) : strlen(p);
      lua_pushlstring(L, p, n);
      lua_rawseti(L, -2, ++k);
      p += n + (e ? 2 : 0);
    }
  }
  lua_setfield(L, -2, "names");
  lua_setfield(L, -2, "byline");
}

/*
** lede._html(src) -> {text=, headline=, byline=, date=, date_source=,
**   headline_source=, url=, site=, paragraphs=, captions=, boilerplate=}
** paragraphs are {text, start, stop, role, src_start, src_stop}: spans of
** `text`, and (1-based, inclusive) the bytes of src they came from.
** Returns nil, message when src is not HTML text.
*/
static int l_html(lua_State *L) {
  size_t n, i;
  const char *src = luaL_checklstring(L, 1, &n);
  lede_html *h = lua_newuserdatauv(L, sizeof *h, 0);
  int rc;
  memset(h, 0, sizeof *h);
  luaL_setmetatable(L, HTML_RAW);
  rc = lede_html_parse(src, n, h);
  if (rc == LEDE_ENUL || rc == LEDE_ELIMIT) {
    lede_html_free(h);
    luaL_pushfail(L);
    lua_pushstring(L, rc == LEDE_ENUL ? "not an HTML page (NUL bytes: a binary file?)"
                                      : "HTML page too large");
    return 2;
  }
  if (rc != LEDE_OK) {
    lede_html_free(h);
    return lede_raise(L, rc);
  }
  lua_createtable(L, 0, 12);
  lua_pushlstring(L, h->text, h->ntext);
  lua_setfield(L, -2, "text");
  if (h->headline.end > h->headline.start) {
    lua_createtable(L, 0, 3);
    lede_setpos(L, h->text, h->headline.start, h->headline.end);
    lua_setfield(L, -2, "headline");
  }
  push_byline(L, h);
  setstring(L, "date", h->date);
  setstring(L, "date_source", h->date[0] ? h->date_source : NULL);
  setstring(L, "headline_source", h->headline_source);
  setstring(L, "url", h->url);
  setstring(L, "site", h->site);
  lua_createtable(L, (int)h->nparas, 0);
  for (i = 0; i < h->nparas; i++) {
    const lede_html_para *p = &h->paras[i];
    lua_createtable(L, 0, 6);
    lede_setpos(L, h->text, p->start, p->end);
    lua_pushstring(L, lede_role_name(p->role));
    lua_setfield(L, -2, "role");
    if (p->src_end > p->src_start) {
      lua_pushinteger(L, (lua_Integer)p->src_start + 1);
      lua_setfield(L, -2, "src_start");
      lua_pushinteger(L, (lua_Integer)p->src_end);
      lua_setfield(L, -2, "src_stop");
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "paragraphs");
  push_role(L, h, LEDE_ROLE_CAPTION);
  lua_setfield(L, -2, "captions");
  push_role(L, h, LEDE_ROLE_BOILERPLATE);
  lua_setfield(L, -2, "boilerplate");
  lede_html_free(h);
  return 1;
}

static int raw_gc(lua_State *L) {
  lede_html_free(luaL_checkudata(L, 1, HTML_RAW));
  return 0;
}

static const luaL_Reg funcs[] = {
  {"_html", l_html},
  {NULL, NULL}
};

int lede_open_html(lua_State *L) {
  if (luaL_newmetatable(L, HTML_RAW)) {
    lua_pushcfunction(L, raw_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
  return 0;
}
