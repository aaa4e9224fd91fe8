/* cmd_export.c -- demarc export (not implemented yet). */
#include "cli.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc export: not implemented yet\n");
    return EXIT_USAGE;
}
