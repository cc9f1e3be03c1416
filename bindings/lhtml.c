/*
** lhtml.c -- the HTML reader's binding: lede._html(src). The document
** object (lede.html, HTML through lede.inputs) is built on it in
** bindings/lua/doc.lua and inputs.lua.
*/
#include <stdlib.h>
#include <string.h>

#include "lbind.h"
#include "html/html.h"

#define HTML_RAW "lede.html_raw"

static void setstring(lua_State *L, const char *key, const char *v) {
  if (!v || !*v) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, key);
}

/*
** lede._html(src) -> text, structure, info
**   text       the article as text (what doc.text is)
**   structure  its lede.Structure (as lede._structure(text) gives, with
**              the roles found in the DOM and the metadata's date)
**   info       {url=, site=, authors={...}, date_source=, headline_source=,
**              paragraphs={{text, start, stop, role, src_start, src_stop}}}
**              src_start/src_stop: 1-based, inclusive bytes of src a
**              paragraph was made of (absent for a headline taken from the
**              metadata).
** Returns nil, message when src is not HTML text.
*/
static int l_html(lua_State *L) {
  size_t n, i;
  const char *src = luaL_checklstring(L, 1, &n);
  lede_html *h = lua_newuserdatauv(L, sizeof *h, 0);
  lede_article *st;
  int rc;
  memset(h, 0, sizeof *h);
  luaL_setmetatable(L, HTML_RAW);
  rc = lede_html_parse(src, n, h);
  if (rc == LEDE_ENUL || rc == LEDE_ELIMIT) {
    lede_html_free(h);
    luaL_pushfail(L);
    lua_pushstring(L, rc == LEDE_ENUL ? "not an HTML page (NUL bytes: a binary file?)"
                                      : "HTML page too large or nested too deeply");
    return 2;
  }
  if (rc != LEDE_OK) {
    lede_html_free(h);
    return lede_raise(L, rc);
  }
  lua_pushlstring(L, h->text, h->ntext);                    /* text */
  st = lua_newuserdatauv(L, sizeof *st, 1);                 /* structure */
  *st = h->art;
  memset(&h->art, 0, sizeof h->art);
  luaL_setmetatable(L, "lede.Structure");
  lua_pushvalue(L, -2);
  lua_setiuservalue(L, -2, 1);
  lua_createtable(L, 0, 8);                                 /* info */
  setstring(L, "url", h->url);
  setstring(L, "site", h->site);
  setstring(L, "date_source", h->date_source);
  setstring(L, "headline_source", h->headline_source);
  if (h->author) {
    const char *p = h->author;
    int k = 0;
    lua_newtable(L);
    while (*p) {
      const char *e = strstr(p, "; ");
      size_t len = e ? (size_t)(e - p) : strlen(p);
      lua_pushlstring(L, p, len);
      lua_rawseti(L, -2, ++k);
      p += len + (e ? 2 : 0);
    }
    lua_setfield(L, -2, "authors");
  }
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
  lede_html_free(h);
  return 3;
}

/*
** lede._html_decode(src) -> text[, charset] | nil, message
** A page that is not UTF-8 but declares its encoding (a BOM, <meta
** charset>, an XML declaration) comes back as UTF-8 with the label it
** declared; any other page comes back as it is (valid UTF-8 wins over a
** wrong declaration; invalid bytes with no usable declaration are left
** for the caller to report or repair).
*/
static int l_html_decode(lua_State *L) {
  size_t n, bad, out_n, replaced;
  const char *src = luaL_checklstring(L, 1, &n);
  char label[64], *out;
  int rc;
  if (lede_check(src, n, &bad) == LEDE_OK ||
      !lede_html_charset(src, n, label, sizeof label) ||
      strcmp(label, "utf-8") == 0 || strcmp(label, "utf8") == 0) {
    lua_settop(L, 1);
    return 1;
  }
  rc = lede_html_decode(src, n, label, &out, &out_n, &replaced);
  if (rc == LEDE_EINVAL) {
    luaL_pushfail(L);
    lua_pushfstring(L, "the page declares an unknown encoding \"%s\"", label);
    return 2;
  }
  if (rc != LEDE_OK) return lede_raise(L, rc);
  lua_pushlstring(L, out, out_n);
  lede_free(out);
  lua_pushstring(L, label);
  return 2;
}

static int raw_gc(lua_State *L) {
  lede_html_free(luaL_checkudata(L, 1, HTML_RAW));
  return 0;
}

static const luaL_Reg funcs[] = {
  {"_html", l_html},
  {"_html_decode", l_html_decode},
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
