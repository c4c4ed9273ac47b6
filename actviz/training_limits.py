"""How far `actviz gate --train` may go: the most epochs and the largest learning rate.

Apart from actviz.perceptrons, which checks them, so that the command line can state them
in its help without importing the perceptrons (a tenth of `plot --term`'s start-up).
This module knows nothing of click or matplotlib.
"""

# About a second of training, and a bounded table. XOR stops long before (its weights go
# round in a cycle); only a separable gate at a tiny lr could need more.
MAX_EPOCHS = 100_000
# A step unit's output is the sign of w·x + b: once lr dwarfs the 0.01 starting weights,
# a larger one learns the same line with larger numbers. This bound (and MAX_EPOCHS)
# keeps every weight far inside float64's range.
MAX_LR = 1e6
