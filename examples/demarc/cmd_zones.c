/* cmd_zones.c -- demarc zones (not implemented yet). */
#include "cli.h"

int cmd_zones(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc zones: not implemented yet\n");
    return EXIT_USAGE;
}
