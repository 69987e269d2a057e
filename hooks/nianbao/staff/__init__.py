"""What staff run: the nianbao command, validation of given paths, new files."""
