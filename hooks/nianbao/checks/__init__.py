"""What is checked: the arithmetic rules, the quality audit, the list of every check."""
