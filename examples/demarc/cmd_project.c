/* cmd_project.c -- demarc project (not implemented yet). */
#include "cli.h"

int cmd_project(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc project: not implemented yet\n");
    return EXIT_USAGE;
}
