/* bench.c -- placeholder; the benchmark replaces this file. */
int main(void);
int main(void) { return 0; }
