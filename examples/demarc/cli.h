/* cli.h -- shared pieces of the demarc command: options every subcommand
 * takes, opening the border and exit codes (JSON: cli_json.h). */
#ifndef DEMARC_CLI_H
#define DEMARC_CLI_H

#include "demarc.h"

#include <getopt.h>
#include <stdio.h>

/* Exit codes of every subcommand. */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* Options shared by the subcommands that read a border. */
typedef struct cli_common {
    const char *border_path;      /* --border PATH (NULL: embedded) */
    const char *signs_path;       /* --signs FILE (with --border) */
    const char *territories_path; /* --territories FILE (with --border) */
    const char *metadata_path;    /* --metadata FILE (with --border) */
    demarc_edge_model edge_model; /* --edges geodesic|rhumb|planar */
    int edges_given;              /* --edges was given: it overrides a file's edge model */
    int json;                     /* --json */
} cli_common;

/* ---- options: getopt_long (glibc) --------------------------------------
 * Every subcommand reads its arguments with cli_getopt_next, getopt_long in
 * order: --opt VALUE and --opt=VALUE, unambiguous abbreviations (--tol),
 * -h and --help, "--" ends the options.  Values of the long options, above
 * every character so that they never meet a short option's letter: */
enum {
    CLI_OPT_BORDER = 0x100,
    CLI_OPT_SIGNS,
    CLI_OPT_TERRITORIES,
    CLI_OPT_METADATA,
    CLI_OPT_EDGES,
    CLI_OPT_JSON,
    CLI_OPT_OWN = 0x200 /* the first value free for a subcommand's own */
};
/* What cli_getopt_next returns for an argument that is not an option. */
#define CLI_ARG 1

/* Entries of a subcommand's struct option table. */
#define CLI_BORDER_OPTIONS                                    \
    {"border", required_argument, NULL, CLI_OPT_BORDER},     \
    {"signs", required_argument, NULL, CLI_OPT_SIGNS},       \
    {"territories", required_argument, NULL, CLI_OPT_TERRITORIES}, \
    {"metadata", required_argument, NULL, CLI_OPT_METADATA}, \
    {"edges", required_argument, NULL, CLI_OPT_EDGES}
#define CLI_JSON_OPTION {"json", no_argument, NULL, CLI_OPT_JSON}
#define CLI_HELP_OPTION {"help", no_argument, NULL, 'h'}
#define CLI_OPTIONS_END {NULL, 0, NULL, 0}

/* The state of one subcommand's parse. */
typedef struct cli_getopt {
    int argc;
    char **argv;                   /* argv[0]: the subcommand's name */
    const char *cmd;               /* for messages */
    char optstring[32];            /* "-:" and the short options */
    const struct option *longopts; /* ends with CLI_OPTIONS_END */
    cli_common *common;            /* takes CLI_OPT_BORDER..JSON; NULL: the caller does */
    int rest;                      /* after "--": every token is an argument */
    const char *arg;               /* the option's value, or the argument */
} cli_getopt;

/* Start a parse of argv[1..argc) for subcommand cmd; shortopts in getopt(3)
 * form ("ho:").  Resets getopt's state (optind = 0, GNU getopt's full
 * reset), so that each parse, and each call of main() (tests/fuzz/fuzz_cli
 * calls it many times in one process), starts afresh. */
void cli_getopt_init(cli_getopt *g, int argc, char **argv, const char *cmd,
                     const char *shortopts, const struct option *longopts, cli_common *common);

/* The next option, in the order given: its short letter or CLI_OPT_* value,
 * with g->arg its value (NULL for a flag); CLI_ARG with g->arg an argument
 * that is not an option: every token after "--", and a negative number
 * (-69.2, a longitude west of Greenwich) wherever it stands; -1 at the
 * end; '?' after printing a usage error that names the option (unknown or
 * ambiguous, a missing value, a value given to a flag, a bad value of a
 * common option).  The common options are consumed when g->common is set. */
int cli_getopt_next(cli_getopt *g);

/* Parse an option's value or an argument as a number: decimal only, the
 * whole text, no blanks (cli_is_decimal: 0x45, 1e, 12abc, "", inf and nan
 * are refused); 1 with *v finite, else 0 (the caller names the option). */
int cli_number(const char *text, double *v);

/* The arguments of the commands that read one file of signs: validate,
 * inspect. */
typedef struct cli_file_args {
    const char *path;  /* the file (NULL when not given) */
    const char *crs;   /* --crs CRS (NULL: the file's) */
    double tolerance;  /* --tolerance M, metres (0: the default) */
    const char *layer;     /* --layer NAME (NULL: the only one, else "signs") */
    const char *position;  /* --position lon,lat|x,y|easting,northing */
    const char *operation; /* --operation OP: forced operation to WGS 84 */
    const char *section;   /* --section FROM..TO (inspect) */
} cli_file_args;

/* Parse "[FILE] [--crs CRS] [--tolerance M] [--layer NAME] [--position COLS]
 * [--operation OP]" and the common options of
 * command `cmd`; `what` names the file in messages ("catalogue").  Returns
 * -1 when parsed (go on), else the exit code: EXIT_OK after --help (which
 * calls help()), EXIT_USAGE after printing the error. */
int cli_parse_file_args(int argc, char **argv, const char *cmd, const char *what,
                        void (*help)(void), cli_common *c, cli_file_args *a);

/* The catalogue options those arguments give. */
demarc_catalogue_options cli_catalogue_options(const cli_file_args *a);

/* Print the closing lines of every --help: the options that read a border
 * (with border set), --json (with json set), -h/--help, and how options
 * are written (--opt=VALUE, "--"). */
void cli_common_help(int border, int json);

/* Print the help lines of --crs, --layer, --position and --operation. */
void cli_file_args_help(void);

/* Open the border the options name; on failure print the error and return
 * NULL.  *ctx receives a new context either way (free it). */
demarc_border *cli_open_border(const cli_common *c, demarc_ctx **ctx, const char *cmd);

/* Print "demarc CMD: message" to stderr and return EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print a library failure (status text and context message), return EXIT_USAGE. */
int cli_lib_error(const char *cmd, demarc_ctx *ctx, demarc_status rc);

/* When a write to stdout has failed (ferror), print "demarc CMD: cannot
 * write the output to standard output: REASON" (errno of the failed write)
 * and return 1, with stdout then sent to /dev/null so that main() does not
 * report it twice; else return 0.  For the commands that stream, to stop at
 * the first failed write.  main() checks stdout after every command. */
int cli_stdout_failed(const char *cmd);
/* After a command has itself reported a failed write to stdout (a library
 * call said DEMARC_ERR_IO): send the rest to /dev/null, so that main()
 * does not report it a second time. */
void cli_stdout_silence(void);

/* Progress on a terminal: a demarc_progress_fn that draws
 * "\rdemarc CMD: STAGE NN%" on stderr (userdata: the command name), and
 * the callback to install: cli_progress when stderr is a terminal, else
 * NULL (pipes and logs get no progress lines).  cli_progress_end() ends
 * the line if one was drawn. */
int cli_progress(void *userdata, double fraction, const char *stage);
demarc_progress_fn cli_progress_for_tty(void);
void cli_progress_end(demarc_progress_fn fn);

/* The subcommands: each returns an exit code. */
int cmd_info(int argc, char **argv);
int cmd_length(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_validate(int argc, char **argv); /* cmd_validate.c */
int cmd_inspect(int argc, char **argv);  /* cmd_inspect.c */
int cmd_locate(int argc, char **argv);   /* cmd_locate.c */
int cmd_project(int argc, char **argv);  /* cmd_project.c */
int cmd_zones(int argc, char **argv);    /* cmd_zones.c */
int cmd_export(int argc, char **argv);   /* cmd_export.c */
int cmd_render(int argc, char **argv);   /* cmd_render.c */

#endif
