/*
 * replay.c — stand-in for libFuzzer's driver in ordinary builds.
 *
 * Linked with one fuzz_<target>.c, it runs LLVMFuzzerTestOneInput on every
 * regular file of the corpus directory given as argv[1], in name order, and
 * prints TAP so that meson counts each seed. A broken invariant aborts the
 * process, which fails the test; so every build re-checks the seed corpora.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int compare_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Read a whole file into a malloc'ed buffer of exactly its size, so that ASan
 * catches any read past the end of the input. */
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
		fclose(f);
		return NULL;
	}
	size_t len = (size_t)st.st_size;
	uint8_t *data = malloc(len ? len : 1);
	if (data && len && fread(data, 1, len, f) != len) {
		free(data);
		data = NULL;
	}
	fclose(f);
	*size = len;
	return data;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	const char *dir = argv[1];
	DIR *d = opendir(dir);
	if (!d) {
		printf("Bail out! cannot open %s: %s\n", dir, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t count = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			char **bigger = realloc(names, cap * sizeof(*names));
			if (!bigger)
				abort();
			names = bigger;
		}
		names[count] = strdup(e->d_name);
		if (!names[count])
			abort();
		count++;
	}
	closedir(d);
	if (count)
		qsort(names, count, sizeof(*names), compare_names);

	printf("1..%zu\n", count);
	fflush(stdout);
	int status = 0;
	for (size_t i = 0; i < count; i++) {
		char path[4096];
		size_t size = 0;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		uint8_t *data = read_file(path, &size);
		if (!data) {
			printf("not ok %zu - %s (cannot read: %s)\n", i + 1, names[i],
			       strerror(errno));
			status = 1;
		} else {
			LLVMFuzzerTestOneInput(data, size);
			printf("ok %zu - %s\n", i + 1, names[i]);
			free(data);
		}
		fflush(stdout);
		free(names[i]);
	}
	free(names);
	return status;
}
