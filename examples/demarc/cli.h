/* cli.h -- shared pieces of the demarc command: options every subcommand
 * takes, opening the border, JSON output and exit codes. */
#ifndef DEMARC_CLI_H
#define DEMARC_CLI_H

#include "demarc.h"

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

/* If argv[*i] is a common option, consume it (and its value) and return 1;
 * return -1 after printing a usage error; 0 when it is not one. */
int cli_common_option(cli_common *c, int argc, char **argv, int *i, const char *cmd);

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

/* Version of the JSON every subcommand writes with --json; each output is
 * one object that starts with "schema_version" and "command". */
#define DEMARC_JSON_SCHEMA_VERSION 1

/* Start a --json object: '{"schema_version": 1, "command": "NAME"' (no
 * newline, no trailing comma): callers go on with ",\n  \"key\": ...". */
void json_begin(FILE *f, const char *command);

/* Write s as a JSON string literal. */
void json_string(FILE *f, const char *s);
/* Write a number, or null when it is not finite. */
void json_number(FILE *f, double v, int decimals);

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
