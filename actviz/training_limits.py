"""How far `actviz gate --train` may go, and where it starts: the most epochs and the
largest learning rate, and the defaults of epochs, learning rate and seed.

Apart from actviz.perceptrons, which checks them, so that the command line can state them
in its help without importing the perceptrons (a tenth of `plot --term`'s start-up), and
a figure's recorded command can leave the defaults out. This module knows nothing of
click or matplotlib.
"""

# What the book's learning rule runs with unless told otherwise.
DEFAULT_EPOCHS = 100
DEFAULT_LR = 0.1
DEFAULT_SEED = 0

# About a second of training, and a bounded table. XOR stops long before (its weights go
# round in a cycle); only a separable gate at a tiny lr could need more.
MAX_EPOCHS = 100_000
# A step unit's output is the sign of w·x + b: once lr dwarfs the 0.01 starting weights,
# a larger one learns the same line with larger numbers. This bound (and MAX_EPOCHS)
# keeps every weight far inside float64's range.
MAX_LR = 1e6
