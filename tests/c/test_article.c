/*
** test_article.c -- article structure (core/article.c): paragraph cutting,
** roles, chrome, datelines, bylines, captions and the date precedence, on
** scraped-style fixtures written for these tests.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lede.h"

typedef struct parsed {
  const char *s;
  size_t n;
  lede_article a;
} parsed;

static void parse(parsed *p, const char *s) {
  p->s = s;
  p->n = strlen(s);
  assert_int_equal(lede_article_parse(s, p->n, &p->a), LEDE_OK);
}

static void release(parsed *p) { lede_article_free(&p->a); }

/* Compares the span with the expected text (NULL: absent). */
static void span_is(const parsed *p, lede_span sp, const char *want) {
  if (want == NULL) {
    assert_true(sp.end == sp.start);
    return;
  }
  assert_true(sp.end > sp.start);
  assert_true(sp.end <= p->n);
  assert_int_equal(sp.end - sp.start, strlen(want));
  assert_memory_equal(p->s + sp.start, want, strlen(want));
}

/* The role of the paragraph that starts with `prefix`; -1 if none. */
static int role_of(const parsed *p, const char *prefix) {
  size_t i, k = strlen(prefix);
  for (i = 0; i < p->a.nparagraphs; i++) {
    const lede_paragraph *q = &p->a.paragraphs[i];
    if (q->end - q->start >= k && memcmp(p->s + q->start, prefix, k) == 0)
      return q->role;
  }
  return -1;
}

static void check_invariants(const parsed *p) {
  size_t i, last = 0;
  for (i = 0; i < p->a.nparagraphs; i++) {
    const lede_paragraph *q = &p->a.paragraphs[i];
    assert_true(q->start < q->end);
    assert_true(q->end <= p->n);
    assert_true(i == 0 || q->start >= last);
    assert_true(q->role >= LEDE_ROLE_BODY && q->role <= LEDE_ROLE_DATE);
    last = q->end;
  }
}

static const char scraped[] =
  "Skip to content\n"
  "Join our Newsletter\n"
  "\n"
  "Harbour strike halts ferries for a second day\n"
  "\n"
  "By Mara Lindgren\n"
  "\n"
  "OSLO, Norway (AP) \xE2\x80\x94 Ferry crews walked out for a second day on Friday.\n"
  "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90\n"
  "Passengers wait at the terminal in Oslo, Norway, Friday, June 6, 2025. (AP Photo/Erik Dahl)\n"
  "\n"
  "OSLO, Norway (AP) \xE2\x80\x94 Ferry crews walked out for a second day on Friday.\n"
  "\n"
  "The union said talks would resume on Monday.\n"
  "\n"
  "Advertisement\n"
  "\n"
  "Share this article\n"
  "\n"
  "___\n"
  "\n"
  "Associated Press writer Jon Berg contributed to this report.\n"
  "\n"
  "Copyright 2025 The Associated Press. All rights reserved.\n";

static void test_scraped_story(void **state) {
  parsed p;
  (void)state;
  parse(&p, scraped);
  check_invariants(&p);
  span_is(&p, p.a.headline, "Harbour strike halts ferries for a second day");
  span_is(&p, p.a.dateline, "OSLO, Norway (AP) \xE2\x80\x94");
  span_is(&p, p.a.place, "OSLO, Norway");
  span_is(&p, p.a.region, "Norway");
  span_is(&p, p.a.agency, "AP");
  span_is(&p, p.a.byline, "By Mara Lindgren");
  assert_int_equal(p.a.nbyline_names, 1);
  span_is(&p, p.a.byline_names[0], "Mara Lindgren");
  span_is(&p, p.a.byline_org, NULL);
  assert_int_equal(role_of(&p, "Skip to content"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "Join our Newsletter"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "a1b2c3"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "Passengers"), LEDE_ROLE_CAPTION);
  assert_int_equal(role_of(&p, "The union"), LEDE_ROLE_BODY);
  assert_int_equal(role_of(&p, "Advertisement"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "Share this"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "___"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "Associated Press writer"), LEDE_ROLE_BOILERPLATE);
  assert_int_equal(role_of(&p, "Copyright"), LEDE_ROLE_BOILERPLATE);
  /* the teaser (first copy) is boilerplate, the second opens the body */
  assert_int_equal(role_of(&p, "OSLO"), LEDE_ROLE_BOILERPLATE);
  assert_true(p.a.dateline.start > (size_t)(strstr(scraped, "Passengers") - scraped));
  assert_int_equal(p.a.ncaptions, 1);
  span_is(&p, p.a.caption_credits[0], "AP Photo/Erik Dahl");
  assert_int_equal(p.a.year, 2025);
  assert_int_equal(p.a.month, 6);
  assert_int_equal(p.a.day, 6);
  assert_int_equal(p.a.date_source, LEDE_DATE_CAPTION);
  assert_int_equal(p.a.nboilerplate, 9);
  release(&p);
}

typedef struct dateline_case {
  const char *text, *place, *region, *agency, *dateline;
} dateline_case;

static void test_datelines(void **state) {
  static const dateline_case cases[] = {
    {"KYIV, Ukraine (AP) \xE2\x80\x94 Drones hit the city overnight.",
     "KYIV, Ukraine", "Ukraine", "AP", "KYIV, Ukraine (AP) \xE2\x80\x94"},
    {"WASHINGTON \xE2\x80\x94 The Senate voted on Tuesday.",
     "WASHINGTON", NULL, NULL, "WASHINGTON \xE2\x80\x94"},
    {"LONDON, Sept 4 (Reuters) - Shares fell on Thursday.",
     "LONDON", NULL, "Reuters", "LONDON, Sept 4 (Reuters) -"},
    {"BERLIN (dpa) \xE2\x80\x93 The chancellor spoke on Monday.",
     "BERLIN", NULL, "dpa", "BERLIN (dpa) \xE2\x80\x93"},
    {"NEW YORK, March 2 - Acme Corp said it sold its unit.",
     "NEW YORK", NULL, NULL, "NEW YORK, March 2 -"},
    {"ST. PETERSBURG, Fla. (AP) \xE2\x80\x94 A storm moved north.",
     "ST. PETERSBURG, Fla.", "Fla.", "AP", "ST. PETERSBURG, Fla. (AP) \xE2\x80\x94"},
    {"Kyiv (Reuters) - Air defences were active overnight.",
     "Kyiv", NULL, "Reuters", "Kyiv (Reuters) -"},
    {"KINSHASA, Democratic Republic of Congo (AP) \xE2\x80\x94 Rains fell.",
     "KINSHASA, Democratic Republic of Congo", "Democratic Republic of Congo",
     "AP", "KINSHASA, Democratic Republic of Congo (AP) \xE2\x80\x94"},
    /* capitals with a lower-case letter after the first, no agency */
    {"McALLEN, Texas \xE2\x80\x94 Shelters opened on Thursday.",
     "McALLEN, Texas", "Texas", NULL, "McALLEN, Texas \xE2\x80\x94"},
    {"DeKALB, Ill. \xE2\x80\x94 The university closed early.",
     "DeKALB, Ill.", "Ill.", NULL, "DeKALB, Ill. \xE2\x80\x94"},
    /* an agency with no place */
    {"(CNN) \xE2\x80\x94 The canal will cut crossings.",
     NULL, NULL, "CNN", "(CNN) \xE2\x80\x94"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    parsed p;
    parse(&p, cases[i].text);
    span_is(&p, p.a.dateline, cases[i].dateline);
    span_is(&p, p.a.place, cases[i].place);
    span_is(&p, p.a.region, cases[i].region);
    span_is(&p, p.a.agency, cases[i].agency);
    assert_int_equal(p.a.paragraphs[0].role, LEDE_ROLE_DATELINE);
    /* no year: no date */
    assert_int_equal(p.a.date_source, LEDE_DATE_NONE);
    release(&p);
  }
}

static void test_not_datelines(void **state) {
  static const char *const texts[] = {
    "French President Emmanuel Macron said on Thursday that talks would go on.",
    "The U.S. (and its allies) - so far - have said little.",
    "Kyiv - the capital - was quiet.",
    /* an acronym, or a sentence that goes on in lower case */
    "NATO \xE2\x80\x94 the 32-member alliance \xE2\x80\x94 asked for launchers.",
    "NATO \xE2\x80\x94 The alliance asked for launchers.",
    "OPEC - The group met on Monday.",
    "GREEN \xE2\x80\x94 whatever the colour, it sold.",
    "McDonald \xE2\x80\x94 the chain \xE2\x80\x94 cut prices.",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    parsed p;
    parse(&p, texts[i]);
    span_is(&p, p.a.dateline, NULL);
    release(&p);
  }
}

typedef struct byline_case {
  const char *text, *name1, *name2, *org;
} byline_case;

static void test_bylines(void **state) {
  static const byline_case cases[] = {
    {"By Jane Doe", "Jane Doe", NULL, NULL},
    {"By JANE DOE and JOHN ROE Associated Press", "JANE DOE", "JOHN ROE",
     "Associated Press"},
    {"Jane Doe and John Roe, The Associated Press", "Jane Doe", "John Roe",
     "The Associated Press"},
    {"Lena Holt And Pia Sand, The Associated Press", "Lena Holt", "Pia Sand",
     "The Associated Press"},
    {"By Tom O'Neill, Reuters", "Tom O'Neill", NULL, "Reuters"},
    {"By Jane Doe | The Washington Post", "Jane Doe", NULL, "The Washington Post"},
    {"By JANE DOE / Staff Writer", "JANE DOE", NULL, "Staff Writer"},
    {"Jane Doe, Reuters", "Jane Doe", NULL, "Reuters"},
    {"By Jane Doe | Sept. 4, 2025", "Jane Doe", NULL, NULL},
    {"By: Jane Doe and John Roe", "Jane Doe", "John Roe", NULL},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512];
    parsed p;
    strcpy(text, "Storm closes ports along the northern coast\n\n");
    strcat(text, cases[i].text);
    strcat(text, "\n\nThe storm closed three ports on Monday, officials said.\n");
    parse(&p, text);
    span_is(&p, p.a.byline, cases[i].text);
    assert_int_equal(p.a.nbyline_names, cases[i].name2 ? 2 : 1);
    span_is(&p, p.a.byline_names[0], cases[i].name1);
    if (cases[i].name2) span_is(&p, p.a.byline_names[1], cases[i].name2);
    span_is(&p, p.a.byline_org, cases[i].org);
    assert_int_equal(role_of(&p, cases[i].text), LEDE_ROLE_BYLINE);
    span_is(&p, p.a.headline, "Storm closes ports along the northern coast");
    release(&p);
  }
}

/* "By Jane Doe" / "Associated Press" on two lines; "JANE DOE" /
** "Associated Press"; "Jane Doe in Berlin" under the headline. */
static void test_bylines_two_lines(void **state) {
  static const char *const texts[] = {
    "Storm closes ports along the northern coast\n\nBy Jane Doe\nAssociated Press\n\n"
    "The storm closed three ports on Monday, officials said.\n",
    "Storm closes ports along the northern coast\n\nJANE DOE\nAssociated Press\n\n"
    "The storm closed three ports on Monday, officials said.\n",
    "Storm closes ports along the northern coast\n\nBy Jane Doe\n\nAssociated Press\n\n"
    "The storm closed three ports on Monday, officials said.\n",
  };
  size_t i;
  parsed p;
  (void)state;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const char *name = i == 1 ? "JANE DOE" : "Jane Doe";
    const char *line = i == 1 ? "JANE DOE" : "By Jane Doe";
    parse(&p, texts[i]);
    assert_int_equal(p.a.nbyline_names, 1);
    span_is(&p, p.a.byline_names[0], name);
    span_is(&p, p.a.byline_org, "Associated Press");
    assert_int_equal(role_of(&p, line), LEDE_ROLE_BYLINE);
    assert_int_equal(role_of(&p, "Associated Press"), LEDE_ROLE_BYLINE);
    assert_int_equal(role_of(&p, "The storm"), LEDE_ROLE_BODY);
    check_invariants(&p);
    release(&p);
  }
  /* a short title-case headline over an organisation is no byline */
  parse(&p, "Storm Hits Coast Hard\nReuters\n\nThe storm closed ports.\n");
  span_is(&p, p.a.byline, NULL);
  release(&p);
  parse(&p, "Tenants win court fight over heating costs\n\nKatrin Vogel in Berlin\n\n"
            "A court ruled on Thursday that landlords must wait.\n");
  assert_int_equal(p.a.nbyline_names, 1);
  span_is(&p, p.a.byline_names[0], "Katrin Vogel");
  span_is(&p, p.a.byline_org, NULL);
  release(&p);
}

/* The date printed with the byline is a date line; ambiguous numbers are
** read against another date of the article, or not at all. */
static void test_byline_and_numeric_dates(void **state) {
  parsed p;
  (void)state;
  parse(&p, "Ministers weigh new pledges\n\nBy Pieter van Dijk | Sept. 4, 2025\n\n"
            "BRUSSELS \xE2\x80\x94 Ministers met on Thursday.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.year, 2025);
  assert_int_equal(p.a.month, 9);
  assert_int_equal(p.a.day, 4);
  span_is(&p, p.a.dateline, "BRUSSELS \xE2\x80\x94");
  release(&p);
  parse(&p, "Vineyards race to harvest early\n\nPublished on 04/09/2025 - 11:20\n\n"
            "Growers picked early on Thursday.\n");
  assert_int_equal(role_of(&p, "Published"), LEDE_ROLE_DATE);
  assert_int_equal(p.a.date_source, LEDE_DATE_NONE);
  release(&p);
  parse(&p, "Vineyards race to harvest early\n\nPublished on 04/09/2025 - 11:20\n\n"
            "Growers pick grapes near Beaune on September 3, 2025. (Photo by Ann Roy / AFP)\n\n"
            "Growers picked early on Thursday.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.month, 9);
  assert_int_equal(p.a.day, 4);
  release(&p);
  parse(&p, "Vineyards race to harvest early\n\nPosted 09/24/2025\n\nGrowers picked early.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.month, 9);
  assert_int_equal(p.a.day, 24);
  release(&p);
  /* a time-only "Updated" line is a date line without a date */
  parse(&p, "Vineyards race to harvest early\n\nUpdated 5:02 p.m. ET\n\nGrowers picked early.\n");
  assert_int_equal(role_of(&p, "Updated"), LEDE_ROLE_DATE);
  assert_int_equal(p.a.date_source, LEDE_DATE_NONE);
  release(&p);
}

static void test_byline_org_only(void **state) {
  parsed p;
  (void)state;
  parse(&p, "By The Associated Press\n\nThe storm closed three ports.\n");
  span_is(&p, p.a.byline, "By The Associated Press");
  assert_int_equal(p.a.nbyline_names, 0);
  span_is(&p, p.a.byline_org, "The Associated Press");
  release(&p);
}

static void test_not_bylines(void **state) {
  static const char *const texts[] = {
    "By Monday the ports had reopened.",
    "Storm Closes Ports, Officials Say",
    "by the end of the week",
    "Macron and Zelenskyy say US backs the plan",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    parsed p;
    parse(&p, texts[i]);
    span_is(&p, p.a.byline, NULL);
    release(&p);
  }
}

typedef struct caption_case {
  const char *text, *credit;
} caption_case;

static void test_captions(void **state) {
  static const caption_case cases[] = {
    {"Firefighters work at the scene, Friday, May 2, 2025. (AP Photo/Dana Cole)",
     "AP Photo/Dana Cole"},
    {"Leaders arrive for the summit in Paris. (Jan Novak/Pool Photo via AP)",
     "Jan Novak/Pool Photo via AP"},
    {"A view of the harbour at dawn. (Photo: Reuters)", "Photo: Reuters"},
    {"Traders work on the floor of the exchange. REUTERS/Ann Poe",
     "REUTERS/Ann Poe"},
    {"Protesters gather outside parliament. Getty Images", "Getty Images"},
    {"Crowds fill the square. (Lena Holt/AFP via Getty Images)",
     "Lena Holt/AFP via Getty Images"},
    {"A man walks past a market in Goma. Jane Doe/AP", "Jane Doe/AP"},
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    parsed p;
    parse(&p, cases[i].text);
    assert_int_equal(p.a.ncaptions, 1);
    span_is(&p, p.a.captions[0], cases[i].text);
    span_is(&p, p.a.caption_credits[0], cases[i].credit);
    assert_int_equal(p.a.paragraphs[0].role, LEDE_ROLE_CAPTION);
    release(&p);
  }
}

static void test_not_captions(void **state) {
  static const char *const texts[] = {
    "The index rose 2% (the most since March).",
    "Officials met in Geneva (Switzerland).",
    "He said the photo was taken in May.",
    "The results came in on Monday. The AP/NORC poll shows that",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    parsed p;
    parse(&p, texts[i]);
    assert_int_equal(p.a.ncaptions, 0);
    release(&p);
  }
}

static void test_chrome_kinds(void **state) {
  static const char *const chrome[] = {
    "Skip to content", "Join our Newsletter", "Advertisement", "Share",
    "Share on Facebook | X | Email", "Follow us on Instagram", "Sign up",
    "We use cookies to improve your experience.", "___", "* * *",
    "0f9e8d7c6b5a49382716051423324150",
    "Associated Press writer Jon Berg contributed to this report.",
    "Berg reported from Oslo.",
    "Copyright 2025 The Associated Press. All rights reserved.",
    "Read more:", "Related: Ferries return after strike",
    "Correction: An earlier version of this story misspelled a name.",
    "Editor's note: This story contains graphic descriptions.",
    "Editor\xE2\x80\x99s Note: Names have been changed.",
    "Reporting by Ann Poe; Editing by Tom Roe",
    "Reuter",
    "5 min read", "Five minute read", "Reading time: 4 minutes",
    "cr/jm/bp", "dpa ik/jb",
    "Skip to contentSkip to site index",
    "Listen to this article \xC2\xB7 6:12 min",
    "(Reporting by Ann Poe; Editing by Tom Roe)",
    "Jon Berg covers the courts for The Daily Ledger.",
    "Reporting from Kyiv, Ukraine",
    "Gift Article", "Related topics",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof chrome / sizeof chrome[0]; i++) {
    char text[512];
    parsed p;
    strcpy(text, "The ferries ran again on Saturday, the operator said.\n\n");
    strcat(text, chrome[i]);
    strcat(text, "\n");
    parse(&p, text);
    assert_int_equal(p.a.nparagraphs, 2);
    assert_int_equal(p.a.paragraphs[1].role, LEDE_ROLE_BOILERPLATE);
    assert_int_equal(p.a.paragraphs[0].role, LEDE_ROLE_BODY);
    assert_int_equal(p.a.nboilerplate, 1);
    release(&p);
  }
}

static void test_body_is_not_chrome(void **state) {
  static const char *const body[] = {
    "share of the market rose to 12 pct.",
    "Reuters.",
    "Share prices fell sharply on Monday after the report.",
    "The company reported from its London office that sales rose.",
    "5 minutes later, the ferry left the harbour.",
    "Five minutes is all it takes to read the new rules, the minister said.",
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof body / sizeof body[0]; i++) {
    parsed p;
    parse(&p, body[i]);
    assert_int_equal(p.a.nboilerplate, 0);
    release(&p);
  }
}

static void test_date_precedence(void **state) {
  parsed p;
  (void)state;
  /* a printed date line beats the dateline and the caption */
  parse(&p, "Published 10:31 AM EDT, September 3, 2025\n\n"
            "Crowds on the pier, Monday, Sept. 1, 2025. (AP Photo/Dana Cole)\n\n"
            "PARIS, Sept. 2, 2025 (AFP) - Shares fell.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.day, 3);
  assert_int_equal(role_of(&p, "Published"), LEDE_ROLE_DATE);
  release(&p);
  /* then a dateline with a year */
  parse(&p, "Crowds on the pier, Monday, Sept. 1, 2025. (AP Photo/Dana Cole)\n\n"
            "PARIS, Sept. 2, 2025 (AFP) - Shares fell.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_DATELINE);
  assert_int_equal(p.a.day, 2);
  release(&p);
  /* a dateline without a year gives way to the caption */
  parse(&p, "Crowds on the pier, Monday, Sept. 1, 2025. (AP Photo/Dana Cole)\n\n"
            "PARIS, Sept. 2 (AFP) - Shares fell.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_CAPTION);
  assert_int_equal(p.a.day, 1);
  release(&p);
  /* a "Posted" line beats an earlier "Updated" line */
  parse(&p, "Updated 6:15 p.m. EDT, June 12, 2025\n"
            "Posted: June 11, 2025 at 9:40 a.m. EDT\n\n"
            "WASHINGTON \xE2\x80\x94 The Senate voted.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.day, 11);
  assert_int_equal(p.a.month, 6);
  release(&p);
  /* a weekday, a month-day alone, a FILE photo: no date */
  parse(&p, "Thursday, Sept. 4\n\n"
            "FILE - A pier, Monday, Jan. 6, 2020. (AP Photo/Dana Cole, File)\n\n"
            "BERLIN (dpa) \xE2\x80\x93 Shares fell.\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_NONE);
  assert_int_equal(p.a.year, 0);
  release(&p);
}

/* A date line without a year takes the year of the copyright notice;
** without a notice it gives no date, and a full date line wins. */
static void test_yearless_date_line(void **state) {
  parsed p;
  (void)state;
  parse(&p, "Harbor ferry adds a night run\n\n"
            "Updated Mar 3, 8:05 PM;Posted Mar 2, 7:50 PM\n\n"
            "By Lena Ortiz\n\n"
            "The ferry will run until midnight from April, the port said.\n\n"
            "\xC2\xA9 2011-2024 The Harbor Ledger. All rights reserved.\n");
  assert_int_equal(role_of(&p, "Updated"), LEDE_ROLE_DATE);
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.year, 2024);
  assert_int_equal(p.a.month, 3);
  assert_int_equal(p.a.day, 3);
  release(&p);
  parse(&p, "Harbor ferry adds a night run\n\nPosted Feb 29, 9:00 AM\n\n"
            "The ferry will run until midnight, the port said.\n\n"
            "Copyright 2023 The Harbor Ledger\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_NONE);   /* no Feb. 29 in 2023 */
  release(&p);
  parse(&p, "Harbor ferry adds a night run\n\nUpdated Mar 3, 8:05 PM\n\n"
            "The ferry will run until midnight, the port said.\n");
  assert_int_equal(role_of(&p, "Updated"), LEDE_ROLE_DATE);
  assert_int_equal(p.a.date_source, LEDE_DATE_NONE);
  release(&p);
  parse(&p, "Harbor ferry adds a night run\n\nUpdated Mar 3, 8:05 PM\n"
            "Posted: March 2, 2024 at 7:50 p.m.\n\n"
            "The ferry will run until midnight, the port said.\n\n"
            "\xC2\xA9 2025 The Harbor Ledger\n");
  assert_int_equal(p.a.date_source, LEDE_DATE_LINE);
  assert_int_equal(p.a.year, 2024);
  assert_int_equal(p.a.day, 2);
  release(&p);
}

static void test_paragraph_cutting(void **state) {
  parsed p;
  (void)state;
  /* hard-wrapped wire copy: indented lines open paragraphs */
  parse(&p, "NEW YORK, March 2 - Acme Corp said it agreed to sell its\n"
            "tube division to an investor group for 42 mln dlrs in cash,\n"
            "a price it said was in line with book value.\n"
            "    The company said the sale would close in the second\n"
            "quarter and that proceeds would be used to cut its debt.\n");
  assert_int_equal(p.a.nparagraphs, 2);
  assert_int_equal(p.a.paragraphs[0].role, LEDE_ROLE_DATELINE);
  release(&p);
  /* unwrapped copy: one paragraph per line */
  parse(&p, "Ferry crews walked out for a second day on Friday, stranding thousands of passengers at the terminals along the coast.\n"
            "The union said talks would resume on Monday after the weekend, and that it hoped for an agreement before the summer season.\n");
  assert_int_equal(p.a.nparagraphs, 2);
  release(&p);
  /* a headline line directly above wrapped body text */
  parse(&p, "Ferries halted\n"
            "Ferry crews walked out for a second day on Friday, stranding\n"
            "thousands of passengers at the terminals along the coast.\n");
  assert_int_equal(p.a.nparagraphs, 2);
  span_is(&p, p.a.headline, NULL); /* two words: a label, not a headline */
  release(&p);
  /* CRLF, a BOM and white-space-only lines */
  parse(&p, "\xEF\xBB\xBFHarbour strike halts ferries again\r\n   \r\nOSLO (AP) \xE2\x80\x94 Crews walked out.\r\n");
  assert_int_equal(p.a.nparagraphs, 2);
  span_is(&p, p.a.headline, "Harbour strike halts ferries again");
  span_is(&p, p.a.dateline, "OSLO (AP) \xE2\x80\x94");
  release(&p);
}

static void test_edge_inputs(void **state) {
  parsed p;
  lede_article a;
  static const char junk[] = "\xff\xfe\x00\n\n\x80(((( ))))\n---\n\xE2\x80";
  (void)state;
  parse(&p, "");
  assert_int_equal(p.a.nparagraphs, 0);
  release(&p);
  parse(&p, "\n\n   \n\t\n");
  assert_int_equal(p.a.nparagraphs, 0);
  release(&p);
  assert_int_equal(lede_article_parse(junk, sizeof junk - 1, &a), LEDE_OK);
  assert_true(a.nparagraphs >= 1);
  lede_article_free(&a);
  lede_article_free(&a);  /* idempotent */
  assert_int_equal(lede_article_parse(NULL, 5, &a), LEDE_EINVAL);
  assert_string_equal(lede_role_name(LEDE_ROLE_CAPTION), "caption");
  assert_string_equal(lede_role_name(LEDE_ROLE_DATE), "date");
  assert_string_equal(lede_date_source_name(LEDE_DATE_LINE), "date line");
  assert_string_equal(lede_date_source_name(LEDE_DATE_CAPTION), "caption");
}

static int cancel_always(void *ud) {
  (void)ud;
  return 1;
}

static void test_cancel_and_long_input(void **state) {
  size_t n = 4u << 20, i;
  char *big = malloc(n);
  lede_article a;
  (void)state;
  assert_non_null(big);
  /* one 4 MB line of words: a single body paragraph, in linear time */
  for (i = 0; i < n; i++) big[i] = (i % 7 == 6) ? ' ' : 'a';
  assert_int_equal(lede_article_parse(big, n, &a), LEDE_OK);
  assert_int_equal(a.nparagraphs, 1);
  lede_article_free(&a);
  /* 4 MB of short lines */
  for (i = 0; i < n; i++) big[i] = (i % 5 == 4) ? '\n' : 'B';
  assert_int_equal(lede_article_parse(big, n, &a), LEDE_OK);
  assert_true(a.nparagraphs >= 1);
  lede_article_free(&a);
  lede_set_cancel(cancel_always, NULL);
  assert_int_equal(lede_article_parse(big, n, &a), LEDE_ECANCEL);
  lede_article_free(&a);
  lede_set_cancel(NULL, NULL);
  free(big);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_scraped_story),
    cmocka_unit_test(test_datelines),
    cmocka_unit_test(test_not_datelines),
    cmocka_unit_test(test_bylines),
    cmocka_unit_test(test_bylines_two_lines),
    cmocka_unit_test(test_byline_and_numeric_dates),
    cmocka_unit_test(test_byline_org_only),
    cmocka_unit_test(test_not_bylines),
    cmocka_unit_test(test_captions),
    cmocka_unit_test(test_not_captions),
    cmocka_unit_test(test_chrome_kinds),
    cmocka_unit_test(test_body_is_not_chrome),
    cmocka_unit_test(test_date_precedence),
    cmocka_unit_test(test_yearless_date_line),
    cmocka_unit_test(test_paragraph_cutting),
    cmocka_unit_test(test_edge_inputs),
    cmocka_unit_test(test_cancel_and_long_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
