/* main.c -- the demarc command: dispatch to subcommands.
 * Exit status: 0 ok, 1 findings, 2 usage or input error. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"report", cmd_report, "summary, lengths and the validation verdict (the main job)"},
    {"info", cmd_info, "metadata and counts of the border"},
    {"length", cmd_length, "geodesic length of the line, or between two signs"},
    {"validate", cmd_validate, "validate a sign catalogue against the border"},
    {"inspect", cmd_inspect, "compare a re-survey with the catalogue (joint inspection)"},
    {"locate", cmd_locate, "which state a point is in, distance and chainage"},
    {"project", cmd_project, "transform coordinates between CRSs"},
    {"zones", cmd_zones, "UTM and Gauss-Kruger zones, grid factors at a point"},
    {"export", cmd_export, "write the border through GDAL (GPKG, GeoJSON, KML, ...)"},
    {"render", cmd_render, "draw the border as a map: SVG, PNG or PDF"},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: demarc [-h|--help|--version] COMMAND [OPTIONS]\n\n"
               "Border-demarcation geodata (libdemarc %s).  The embedded border is the\n"
               "Kazakhstan-Uzbekistan state border; --border DIR opens another.\n\n"
               "commands:\n",
            demarc_version());
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\ncommon options: --border PATH (a directory, or the line file with\n"
               "  --signs FILE --territories FILE --metadata FILE), --edges\n"
               "  geodesic|rhumb|planar, --json\n"
               "'demarc COMMAND --help' (-h, or 'demarc help COMMAND') shows a command's\n"
               "options; --OPTION=VALUE is --OPTION VALUE, '--' ends the options.\n"
               "exit status: 0 ok, 1 findings, 2 usage or input error\n");
}

/* Every byte written to stdout must have reached it: flush it, and turn
 * any write error (a full disk, /dev/full, a closed pipe) into exit 2 with
 * the reason, whatever the subcommand returned.  The write errors inside a
 * run are remembered by ferror(); the errno of the final flush gives the
 * reason (ENOSPC for /dev/full).  stdout is not closed: tests/fuzz/fuzz_cli
 * calls this main() many times in one process. */
static int finish_stdout(const char *cmd, int code)
{
    errno = 0;
    int failed = fflush(stdout) != 0;
    int err = errno;
    if (ferror(stdout)) failed = 1;
    if (!failed) return code;
    fprintf(stderr, "demarc%s%s: cannot write the output to standard output: %s\n",
            cmd ? " " : "", cmd ? cmd : "", err ? strerror(err) : "write error");
    return EXIT_USAGE;
}

/* demarc [-h|--help|--version] COMMAND [ARGS]: the options before the
 * command are read by getopt_long in order ("+": it stops at COMMAND, whose
 * own options are its parse), reset first (optind = 0: main() may run many
 * times in one process, tests/fuzz/fuzz_cli.c).  *name: the command. */
static int run(int argc, char **argv, const char **name)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0}};
    *name = NULL;
    opterr = 0;
    optind = 0;
    for (int c; (c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1;) {
        if (c == 'h') {
            usage(stdout);
            return EXIT_OK;
        }
        if (c == 'V') {
            printf("demarc %s\n", demarc_version());
            return EXIT_OK;
        }
        const char *tok = argv[optind - 1];
        if (optopt && strncmp(tok, "--", 2))
            fprintf(stderr, "demarc: unknown option '-%c'\n", optopt);
        else if (optopt)
            fprintf(stderr, "demarc: --%s takes no value\n", optopt == 'h' ? "help" : "version");
        else
            fprintf(stderr, "demarc: unknown option '%.*s'\n", (int)strcspn(tok, "="), tok);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    *name = argv[optind];
    if (!strcmp(*name, "help")) { /* demarc help [COMMAND] */
        if (optind + 1 >= argc) {
            usage(stdout);
            return EXIT_OK;
        }
        *name = argv[optind + 1];
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (!strcmp(*name, COMMANDS[i].name)) {
                char *help_argv[] = {argv[optind + 1], "--help", NULL};
                return COMMANDS[i].run(2, help_argv);
            }
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(*name, COMMANDS[i].name))
            return COMMANDS[i].run(argc - optind, argv + optind);
    fprintf(stderr, "demarc: unknown command '%s'\n", *name);
    usage(stderr);
    *name = NULL;
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) would kill the process mid-write with
     * SIGXFSZ, leaving a temporary behind (export, locate -o, render):
     * let the write fail with EFBIG instead, so that the command reports
     * it, cleans up and exits 2. */
    signal(SIGXFSZ, SIG_IGN);
    const char *name;
    int code = run(argc, argv, &name);
    return finish_stdout(name, code);
}
