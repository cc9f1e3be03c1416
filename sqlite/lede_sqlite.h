/*
** lede_sqlite.h -- what lede adds to SQLite, shared by the Lua module
** (bindings/ldb.c) and the loadable extension (sqlite/ext.c). Compiled
** with LEDE_SQLITE_EXT, the SQLite calls go through the extension's API
** table (sqlite3ext.h) instead of the linked library.
*/
#ifndef LEDE_SQLITE_H
#define LEDE_SQLITE_H

#ifdef LEDE_SQLITE_EXT
#include <sqlite3ext.h>
#ifndef LEDE_SQLITE_EXT_MAIN
SQLITE_EXTENSION_INIT3
#endif
#else
#include <sqlite3.h>
#endif

/* Registers the "lede" FTS5 tokenizer (news-mode tokens, case-folded,
** punctuation left out) on db; does nothing without FTS5. */
void lede_fts5_register(sqlite3 *db);

#endif
