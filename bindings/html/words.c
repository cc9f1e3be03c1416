/*
** words.c -- what the class and id names of an element say about it.
**
** The rows below are data: a name part and what it marks. A row matches
** a class or id when the part occurs in it, ignoring case; a row whose
** part starts with '=' matches only a whole word of the name (the name
** split at '-', '_', ' ' and lower-to-upper case changes).
*/
#include <ctype.h>
#include <string.h>

#include "hint.h"

typedef struct word_row {
  const char *part;
  unsigned what;
} word_row;

static const word_row rows[] = {
  /* site chrome: navigation, menus, headers and footers */
  {"nav", HW_CHROME}, {"menu", HW_CHROME}, {"breadcrumb", HW_CHROME},
  {"footer", HW_CHROME}, {"masthead", HW_CHROME}, {"=header", HW_CHROME},
  {"toolbar", HW_CHROME}, {"pagination", HW_CHROME}, {"pager", HW_CHROME},
  {"skip", HW_CHROME}, {"=topbar", HW_CHROME}, {"sidebar", HW_CHROME},
  {"=aside", HW_CHROME}, {"=rail", HW_CHROME}, {"widget", HW_CHROME},
  /* share bars and follow prompts */
  {"share", HW_CHROME}, {"sharing", HW_CHROME}, {"social", HW_CHROME},
  {"=follow", HW_CHROME}, {"=print", HW_CHROME}, {"=email", HW_CHROME},
  {"=rss", HW_CHROME},
  /* comments */
  {"comment", HW_CHROME}, {"disqus", HW_CHROME}, {"=replies", HW_CHROME},
  {"=reply", HW_CHROME}, {"respond", HW_CHROME}, {"discussion", HW_CHROME},
  /* teaser lists */
  {"related", HW_CHROME}, {"recommend", HW_CHROME}, {"popular", HW_CHROME},
  {"trending", HW_CHROME}, {"most-read", HW_CHROME}, {"mostread", HW_CHROME},
  {"more-stories", HW_CHROME}, {"read-more", HW_CHROME}, {"readmore", HW_CHROME},
  {"=teaser", HW_CHROME}, {"=teasers", HW_CHROME}, {"outbrain", HW_CHROME},
  {"taboola", HW_CHROME}, {"=latest", HW_CHROME}, {"=headlines", HW_CHROME},
  {"carousel", HW_CHROME}, {"=ticker", HW_CHROME}, {"=tags", HW_CHROME},
  {"=tag", HW_CHROME}, {"=topics", HW_CHROME}, {"keywords", HW_CHROME},
  {"=categories", HW_CHROME}, {"more-from", HW_CHROME}, {"=next", HW_CHROME},
  {"=prev", HW_CHROME}, {"=previous", HW_CHROME}, {"=slider", HW_CHROME},
  /* advertising, newsletters, notices, paywalls, forms */
  {"=ad", HW_CHROME}, {"=ads", HW_CHROME}, {"advert", HW_CHROME},
  {"sponsor", HW_CHROME}, {"promo", HW_CHROME}, {"banner", HW_CHROME},
  {"newsletter", HW_CHROME}, {"subscri", HW_CHROME}, {"signup", HW_CHROME},
  {"sign-up", HW_CHROME}, {"=login", HW_CHROME}, {"cookie", HW_CHROME},
  {"consent", HW_CHROME}, {"gdpr", HW_CHROME}, {"popup", HW_CHROME},
  {"modal", HW_CHROME}, {"paywall", HW_CHROME}, {"=overlay", HW_CHROME},
  {"=alert", HW_CHROME}, {"=notice", HW_CHROME}, {"=search", HW_CHROME},
  {"=shop", HW_CHROME}, {"=donate", HW_CHROME}, {"=bio", HW_CHROME},
  {"author-info", HW_CHROME}, {"about-author", HW_CHROME},
  {"author-box", HW_CHROME}, {"=meta", HW_CHROME},
  /* text only screen readers see */
  {"sr-only", HW_HIDDEN}, {"screen-reader", HW_HIDDEN},
  {"visually-hidden", HW_HIDDEN}, {"visuallyhidden", HW_HIDDEN},
  {"element-invisible", HW_HIDDEN}, {"offscreen", HW_HIDDEN},
  /* what holds an article */
  {"article", HW_POSITIVE}, {"content", HW_POSITIVE}, {"=entry", HW_POSITIVE},
  {"story", HW_POSITIVE}, {"=body", HW_POSITIVE}, {"=main", HW_POSITIVE},
  {"=post", HW_POSITIVE}, {"=text", HW_POSITIVE}, {"=blog", HW_POSITIVE},
  {"embed", HW_POSITIVE},   /* a post embedded in the article: not a share bar */
  {"articlebody", HW_BODY}, {"article-body", HW_BODY},
  {"article_body", HW_BODY}, {"story-body", HW_BODY}, {"storybody", HW_BODY},
  {"entry-content", HW_BODY}, {"post-content", HW_BODY},
  {"post-body", HW_BODY}, {"article-content", HW_BODY},
  {"article-text", HW_BODY}, {"story-text", HW_BODY},
  /* parts of the article that are not its body */
  {"byline", HW_BYLINE}, {"=author", HW_BYLINE}, {"=authors", HW_BYLINE},
  {"=dateline", HW_DATE}, {"=date", HW_DATE}, {"timestamp", HW_DATE},
  {"published", HW_DATE}, {"=time", HW_DATE},
  {"caption", HW_CAPTION}, {"=credit", HW_CAPTION},
};

/* Whether word w[0..n) occurs as a whole word of name[0..len). */
static int has_word(const char *name, size_t len, const char *w, size_t n) {
  size_t i = 0;
  while (i < len) {
    size_t j;
    while (i < len && !isalnum((unsigned char)name[i])) i++;
    j = i;
    while (j < len && isalnum((unsigned char)name[j])) {
      /* a lower-to-upper change starts a new word: relatedPosts */
      if (j > i && islower((unsigned char)name[j - 1]) &&
          isupper((unsigned char)name[j]))
        break;
      j++;
    }
    if (j - i == n && strncasecmp(name + i, w, n) == 0) return 1;
    i = j;
  }
  return 0;
}

static int has_part(const char *name, size_t len, const char *p, size_t n) {
  size_t i;
  for (i = 0; i + n <= len; i++)
    if (strncasecmp(name + i, p, n) == 0) return 1;
  return 0;
}

unsigned lede_html_words(const char *attr) {
  size_t i, len;
  unsigned what = 0;
  if (!attr) return 0;
  len = strlen(attr);
  if (len > 512) len = 512;
  for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const char *p = rows[i].part;
    int hit = p[0] == '='
                  ? has_word(attr, len, p + 1, strlen(p + 1))
                  : has_part(attr, len, p, strlen(p));
    if (hit) what |= rows[i].what;
  }
  return what;
}
