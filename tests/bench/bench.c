/*
** bench.c -- throughput of the core stages, in MB/s.
**
** usage: bench [-r RUNS] [-s STAGE] [-l] [-w] [-k] FILE
**   FILE is raw article text (tests/bench/run.sh extracts it from the
**   corpus). Each stage runs RUNS times (default 3) over the whole file;
**   the best run is reported, one line per stage:
**     STAGE <tab> MB/s <tab> items <tab> seconds
**   -s runs only the named stage; -l lists the stages; -w first times
**   `wc -w <FILE` the same way (a line named "wc -w"). -k only counts
**   the figures of FILE by kind, with two audits of their readings: percent
**   figures with no percent word or sign of their own, and ranges in cents
**   whose first number is not scaled to the major unit (not timed).
**   Times are CPU times (this process, or the wc child from wait4), so a
**   busy machine disturbs them less than wall-clock times.
**
** Adding a stage is one function `size_t fn(const char *s, size_t n)`
** returning the number of items it found, and one line in `stages`.
*/
#include <ctype.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lede.h"

/* --------------------------------------------------------------- stages */

static int count_token(void *ctx, const lede_token *tok) {
  (void)tok;
  ++*(size_t *)ctx;
  return 0;
}

static size_t tokens_mode(const char *s, size_t n, int mode) {
  size_t count = 0;
  if (lede_tokenize(s, n, mode, count_token, &count) != LEDE_OK) {
    fprintf(stderr, "bench: tokenize failed\n");
    exit(1);
  }
  return count;
}

static size_t stage_tokens_news(const char *s, size_t n) {
  return tokens_mode(s, n, LEDE_MODE_NEWS);
}

static size_t stage_tokens_uax29(const char *s, size_t n) {
  return tokens_mode(s, n, LEDE_MODE_UAX29);
}

/* The pull form, as the Lua binding uses it. */
static size_t stage_tokens_pull(const char *s, size_t n) {
  lede_tokenizer t;
  lede_token tok;
  size_t count = 0;
  lede_tokenizer_init(&t, s, n, LEDE_MODE_NEWS);
  while (lede_tokenizer_next(&t, &tok) > 0) count++;
  return count;
}

static size_t stage_utf8_check(const char *s, size_t n) {
  size_t bad = 0;
  return lede_check(s, n, &bad) == LEDE_OK ? n : bad;
}

/* Boundaries only, no token kinds: the word-break engine alone. */
static size_t stage_wordbreak(const char *s, size_t n) {
  size_t pos = 0, count = 0;
  while (pos < n) {
    pos = lede_word_break_next(s, n, pos);
    count++;
  }
  return count;
}

/* sentences (core/sentences.c) */
static int count_sentence(void *ctx, const lede_sentence *x) {
  (void)x;
  ++*(size_t *)ctx;
  return 0;
}

static size_t sentences_mode(const char *s, size_t n, int mode) {
  size_t count = 0;
  if (lede_sentences(s, n, mode, count_sentence, &count) != LEDE_OK) {
    fprintf(stderr, "bench: sentences failed\n");
    exit(1);
  }
  return count;
}

static size_t stage_sentences_news(const char *s, size_t n) {
  return sentences_mode(s, n, LEDE_MODE_NEWS);
}

static size_t stage_sentences_uax29(const char *s, size_t n) {
  return sentences_mode(s, n, LEDE_MODE_UAX29);
}

/* dates (core/dates.c): lede_dates_in per paragraph (line), with a
** reference date so that relative dates are resolved too ("dates"); per
** sentence, without a reference, inside the splitter ("dates-sentences",
** the time includes the splitting). */
static int count_date(void *ctx, const lede_date *d) {
  (void)d;
  ++*(size_t *)ctx;
  return 0;
}

static size_t stage_dates(const char *s, size_t n) {
  lede_date_opts o = {2025, 9, 4, 0};
  size_t count = 0, a = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && s[i] != '\n') continue;
    if (i > a && lede_dates_in(s, n, a, i, &o, count_date, &count) != LEDE_OK) {
      fprintf(stderr, "bench: dates failed\n");
      exit(1);
    }
    a = i + 1;
  }
  return count;
}

/* figures (core/numbers.c): lede_numbers_in over each sentence, inside
** the sentence splitter's callback (so the time includes the splitting). */
typedef struct fig_count { const char *s; size_t n, count; } fig_count;

static int count_figure(void *ctx, const lede_figure *f) {
  (void)f;
  ++*(size_t *)ctx;
  return 0;
}

static int figures_in_sentence(void *ctx, const lede_sentence *x) {
  fig_count *fc = ctx;
  return lede_numbers_in(fc->s, fc->n, x->start, x->end, NULL, 0,
                         count_figure, &fc->count);
}

static size_t stage_figures(const char *s, size_t n) {
  fig_count fc = {s, n, 0};
  if (lede_sentences(s, n, LEDE_MODE_NEWS, figures_in_sentence, &fc) != LEDE_OK) {
    fprintf(stderr, "bench: figures failed\n");
    exit(1);
  }
  return fc.count;
}

/* -k: the figures by kind, and the audits (issue 12). */
typedef struct fig_kinds {
  const char *s;
  size_t n, kind[5], pct_bare, cents, cents_bad;
  size_t prev_end;
  int prev_whole;         /* ... is money whose value is its digits */
} fig_kinds;

/* Does s[a..b) hold word w (ASCII case folded) at word boundaries? */
static int has_word(const char *s, size_t a, size_t b, const char *w) {
  size_t L = strlen(w);
  for (size_t p = a; p + L <= b; p++) {
    size_t k = 0;
    while (k < L && (s[p + k] | 0x20) == w[k]) k++;
    if (k == L && (p == a || !isalpha((unsigned char)s[p - 1])) &&
        (p + L == b || !isalpha((unsigned char)s[p + L])))
      return 1;
  }
  return 0;
}

static int on_kind(void *ctx, const lede_figure *f) {
  fig_kinds *k = ctx;
  const char *s = k->s;
  if (f->kind >= 1 && f->kind <= 4) k->kind[f->kind]++;
  int bare = 0;
  if (f->kind == LEDE_FIG_PERCENT) {
    bare = !memchr(s + f->start, '%', f->end - f->start) &&
           !has_word(s, f->start, f->end, "percent") &&
           !has_word(s, f->start, f->end, "cent") &&
           !has_word(s, f->start, f->end, "pct") &&
           !has_word(s, f->start, f->end, "percentage") &&
           !has_word(s, f->start, f->end, "pc") &&
           !(f->end - f->start > 2 && (s[f->end - 2] | 0x20) == 'p' &&
             (s[f->end - 1] | 0x20) == 'c');
    if (bare) k->pct_bare++;
  }
  int cent = has_word(s, f->start, f->end, "cents") ||
             has_word(s, f->start, f->end, "cts") ||
             (has_word(s, f->start, f->end, "cent") &&
              !has_word(s, f->start, f->end, "per")) ||
             has_word(s, f->start, f->end, "pence");
  /* "50 to 75 cts" read as $50 and $0.75: a range in cents, unscaled */
  if (k->prev_whole && cent && !f->has_max && f->start - k->prev_end <= 4 &&
      (memchr(s + k->prev_end, '-', f->start - k->prev_end) ||
       has_word(s, k->prev_end, f->start, "to"))) {
    k->cents++;
    k->cents_bad++;
  }
  k->prev_whole = 0;
  if (f->kind == LEDE_FIG_MONEY && !cent) {   /* digits only: "50" */
    size_t p = f->start;
    while (p < f->end && (isdigit((unsigned char)s[p]) || s[p] == '.')) p++;
    k->prev_whole = p == f->end &&
                    fabs(f->value - strtod(s + f->start, NULL)) < 1e-9;
  }
  k->prev_end = f->end;
  if (f->has_max && f->kind == LEDE_FIG_MONEY && cent) {
    k->cents++;
    /* unscaled: the value is the first number as written ("50 to 75
       cts" read as 50) */
    size_t p = f->start;
    while (p < f->end && !isdigit((unsigned char)s[p])) p++;
    if (p < f->end && (p == f->start || s[p - 1] == ' ')) {
      double first = strtod(s + p, NULL);
      if (first >= 1 && fabs(f->value - first) < 1e-9) k->cents_bad++;
    }
  }
  return 0;
}

static int kinds_in_sentence(void *ctx, const lede_sentence *x) {
  fig_kinds *k = ctx;
  k->prev_whole = 0;
  return lede_numbers_in(k->s, k->n, x->start, x->end, NULL, 0, on_kind, k);
}

static void figure_kinds(const char *s, size_t n) {
  fig_kinds k;
  memset(&k, 0, sizeof k);
  k.s = s;
  k.n = n;
  if (lede_sentences(s, n, LEDE_MODE_NEWS, kinds_in_sentence, &k) != LEDE_OK) {
    fprintf(stderr, "bench: figures failed\n");
    exit(1);
  }
  printf("figures by kind: number %zu, ordinal %zu, percent %zu, money %zu\n",
         k.kind[LEDE_FIG_NUMBER], k.kind[LEDE_FIG_ORDINAL],
         k.kind[LEDE_FIG_PERCENT], k.kind[LEDE_FIG_MONEY]);
  printf("percent figures with no percent word or sign: %zu\n", k.pct_bare);
  printf("ranges in cents: %zu, first number not scaled: %zu\n", k.cents,
         k.cents_bad);
}

/* dates per sentence, as doc:dates() does it, without a reference date
** (relative dates are found but left unresolved). */
typedef struct date_count { const char *s; size_t n, count; } date_count;

static int dates_in_sentence(void *ctx, const lede_sentence *x) {
  date_count *dc = ctx;
  lede_date_opts o = {0, 0, 0, 0};
  return lede_dates_in(dc->s, dc->n, x->start, x->end, &o, count_date,
                       &dc->count);
}

static size_t stage_dates_sentences(const char *s, size_t n) {
  date_count dc = {s, n, 0};
  if (lede_sentences(s, n, LEDE_MODE_NEWS, dates_in_sentence, &dc) != LEDE_OK) {
    fprintf(stderr, "bench: dates failed\n");
    exit(1);
  }
  return dc.count;
}

/* What a user pays for tokens and sentences: both stages over the text,
** the tokens of each sentence tokenized inside the splitter's callback. */
typedef struct pipe_count {
  const char *s;
  size_t n, tokens, sentences, figures, dates;
  int figures_on, dates_on;
} pipe_count;

static int pipe_sentence(void *ctx, const lede_sentence *x) {
  pipe_count *pc = ctx;
  int rc;
  pc->sentences++;
  rc = lede_tokenize(pc->s + x->start, x->end - x->start, LEDE_MODE_NEWS,
                     count_token, &pc->tokens);
  if (rc != LEDE_OK) return rc;
  if (pc->figures_on) {
    rc = lede_numbers_in(pc->s, pc->n, x->start, x->end, NULL, 0,
                         count_figure, &pc->figures);
    if (rc != LEDE_OK) return rc;
  }
  if (pc->dates_on) {
    lede_date_opts o = {0, 0, 0, 0};
    rc = lede_dates_in(pc->s, pc->n, x->start, x->end, &o, count_date,
                       &pc->dates);
    if (rc != LEDE_OK) return rc;
  }
  return 0;
}

static size_t pipeline(const char *s, size_t n, int figures, int dates) {
  pipe_count pc = {s, n, 0, 0, 0, 0, figures, dates};
  if (lede_sentences(s, n, LEDE_MODE_NEWS, pipe_sentence, &pc) != LEDE_OK) {
    fprintf(stderr, "bench: pipeline failed\n");
    exit(1);
  }
  return pc.tokens + pc.sentences + pc.figures + pc.dates;
}

/* items: tokens + sentences */
static size_t stage_tokens_sentences(const char *s, size_t n) {
  return pipeline(s, n, 0, 0);
}

/* items: tokens + sentences + figures + dates -- the sum a user pays for
** the whole core pipeline (lede.article's work aside). */
static size_t stage_pipeline(const char *s, size_t n) {
  return pipeline(s, n, 1, 1);
}

/* lede_analyze: what every front end calls (structure, sentences with
** roles, tokens, dates, figures with the dates skipped), counting only. */
static int an_sentence(void *ctx, const lede_asentence *x) {
  (void)x;
  ((pipe_count *)ctx)->sentences++;
  return 0;
}
static int an_token(void *ctx, const lede_token *t) {
  (void)t;
  ((pipe_count *)ctx)->tokens++;
  return 0;
}
static int an_date(void *ctx, const lede_asentence *x, const lede_date *d) {
  (void)x; (void)d;
  ((pipe_count *)ctx)->dates++;
  return 0;
}
static int an_figure(void *ctx, const lede_asentence *x, const lede_figure *f) {
  (void)x; (void)f;
  ((pipe_count *)ctx)->figures++;
  return 0;
}

/* items: tokens + sentences + figures + dates, as pipeline, plus the
** article structure and each sentence's role (facts in headline and body). */
static size_t stage_analyze(const char *s, size_t n) {
  pipe_count pc = {s, n, 0, 0, 0, 0, 1, 1};
  lede_analysis a;
  memset(&a, 0, sizeof a);
  a.what = LEDE_AN_STRUCTURE | LEDE_AN_SENTENCES | LEDE_AN_TOKENS |
           LEDE_AN_DATES | LEDE_AN_FIGURES;
  a.scope = LEDE_SCOPE_FACTS;
  a.ctx = &pc;
  a.on_sentence = an_sentence;
  a.on_token = an_token;
  a.on_date = an_date;
  a.on_figure = an_figure;
  if (lede_analyze(s, n, &a) != LEDE_OK) {
    fprintf(stderr, "bench: analyze failed\n");
    exit(1);
  }
  return pc.tokens + pc.sentences + pc.figures + pc.dates;
}

typedef struct stage {
  const char *name;
  size_t (*fn)(const char *s, size_t n);
} stage;

static const stage stages[] = {
  {"utf8-check", stage_utf8_check},
  {"wordbreak", stage_wordbreak},
  {"tokens-news", stage_tokens_news},
  {"tokens-pull", stage_tokens_pull},
  {"tokens-uax29", stage_tokens_uax29},
  {"sentences-news", stage_sentences_news},
  {"sentences-uax29", stage_sentences_uax29},
  {"tokens+sentences", stage_tokens_sentences},
  {"dates", stage_dates},
  {"dates-sentences", stage_dates_sentences},
  {"figures", stage_figures},
  {"pipeline", stage_pipeline},
  {"analyze", stage_analyze},
  {NULL, NULL},
};

/* ----------------------------------------------------------------- main */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, len = 0, got;
  if (!f) return NULL;
  do {
    if (cap - len < 65536) {
      size_t nc = cap ? cap * 2 : 1 << 20;
      char *nb = realloc(buf, nc);
      if (!nb) { free(buf); fclose(f); return NULL; }
      buf = nb;
      cap = nc;
    }
    got = fread(buf + len, 1, cap - len, f);
    len += got;
  } while (got > 0);
  fclose(f);
  *n = len;
  return buf;
}

/* CPU seconds of one `wc -w <path` run (user + system), or -1. */
static double time_wc(const char *path) {
  struct rusage ru;
  int status;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int in = open(path, O_RDONLY), out = open("/dev/null", O_WRONLY);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0) _exit(127);
    execlp("wc", "wc", "-w", (char *)NULL);
    _exit(127);
  }
  if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0)
    return -1;
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void usage(void) {
  fprintf(stderr, "usage: bench [-r RUNS] [-s STAGE] [-l] [-w] [-k] FILE\n");
  exit(2);
}

int main(int argc, char **argv) {
  int runs = 3, i, wc = 0, kinds = 0;
  const char *only = NULL, *path = NULL;
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-r") && i + 1 < argc) runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-s") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "-w")) wc = 1;
    else if (!strcmp(argv[i], "-k")) kinds = 1;
    else if (!strcmp(argv[i], "-l")) {
      for (const stage *st = stages; st->name; st++) puts(st->name);
      return 0;
    } else if (argv[i][0] == '-') usage();
    else path = argv[i];
  }
  if (!path || runs < 1) usage();
  size_t n;
  char *s = read_file(path, &n);
  if (!s) {
    perror(path);
    return 1;
  }
  if (kinds) {
    figure_kinds(s, n);
    free(s);
    return 0;
  }
  if (wc) {
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
      double dt = time_wc(path);
      if (dt < 0) {
        fprintf(stderr, "bench: wc -w failed\n");
        return 1;
      }
      if (dt < best) best = dt;
    }
    if (best <= 0) best = 1e-9;
    printf("wc -w\t%.1f\t-\t%.4f\n", (double)n / 1e6 / best, best);
    fflush(stdout);
  }
  int found = 0;
  for (const stage *st = stages; st->name; st++) {
    if (only && strcmp(only, st->name) != 0) continue;
    found = 1;
    double best = 1e30;
    size_t items = 0;
    for (int r = 0; r < runs; r++) {
      double t0 = now();
      items = st->fn(s, n);
      double dt = now() - t0;
      if (dt < best) best = dt;
    }
    if (best <= 0) best = 1e-9;
    printf("%s\t%.1f\t%zu\t%.4f\n", st->name, (double)n / 1e6 / best, items,
           best);
    fflush(stdout);
  }
  free(s);
  if (!found) {
    fprintf(stderr, "bench: no stage named %s\n", only);
    return 2;
  }
  return 0;
}
