# The step function and sigmoid of "Deep Learning from Scratch" (chapter 3) and the
# ReLU gradient of its companion code (1 for x >= 0), as a learner types them: the
# README's "Checking your own code" runs `actviz check` on each, in this folder.
import numpy as np


def step_function(x):
    return np.array(x > 0, dtype=np.int)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu_grad(x):
    grad = np.zeros_like(x)
    grad[x >= 0] = 1
    return grad
