/* cmd_inspect.c -- demarc inspect (not implemented yet). */
#include "cli.h"

int cmd_inspect(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc inspect: not implemented yet\n");
    return EXIT_USAGE;
}
