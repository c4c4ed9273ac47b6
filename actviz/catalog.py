"""The catalog: one short numpy function per activation and one per derivative.

Each function takes a float64 array ``x`` and its parameters as floats. The numerical
care each needs (overflow, cancellation) is explained in one comment beside it.
Conventions at kinks follow PyTorch's autograd (relu'(0) = 0).
"""

from __future__ import annotations

import numpy as np

from actviz.activations import Activation, ParameterError, register


# --- step ----------------------------------------------------------------------------
def step(x):
    # The book's step: 0 for x <= 0, 1 for x > 0; nan stays nan.
    return np.where(np.isnan(x), x, (x > 0).astype(np.float64))


def step_derivative(x):
    # Zero everywhere it exists; at the jump (x = 0) we say 0, as autograd would.
    return np.where(np.isnan(x), x, 0.0)


register(Activation(
    name="step", aliases=("heaviside", "step_function"),
    function=step, derivative_function=step_derivative,
    formula="1 if x > 0 else 0", derivative_formula="0 (0 at the jump x = 0)",
    summary="Heaviside step: the perceptron's activation",
    kinks_function=lambda: (0.0,),
))


# --- sigmoid -------------------------------------------------------------------------
def sigmoid(x):
    # exp of -|x| never overflows; 1/(1+e^-x) for x >= 0 and e^x/(1+e^x) below.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x):
    # s(x) * s(-x) = e^-|x| / (1 + e^-|x|)^2: symmetric, no 1 - s cancellation.
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


register(Activation(
    name="sigmoid", aliases=("logistic",),
    function=sigmoid, derivative_function=sigmoid_derivative,
    formula="1 / (1 + exp(-x))", derivative_formula="sigmoid(x) * (1 - sigmoid(x))",
    summary="logistic sigmoid, from 0 (x -> -inf) to 1 (x -> +inf)",
))


# --- relu ----------------------------------------------------------------------------
def relu(x, alpha):
    # alpha * x for x <= 0 is a leaky ReLU; alpha = 0 is the plain ReLU.
    return np.where(x > 0, x, alpha * x)


def relu_derivative(x, alpha):
    # relu'(0) = alpha, as PyTorch's leaky_relu (and 0 for the plain ReLU).
    return np.where(np.isnan(x), x, np.where(x > 0, 1.0, alpha))


register(Activation(
    name="relu", params={"alpha": 0.0},
    function=relu, derivative_function=relu_derivative,
    formula="max(0, x), or x if x > 0 else alpha * x",
    derivative_formula="1 if x > 0 else alpha",
    summary="rectified linear unit; alpha > 0 makes it leaky",
    kinks_function=lambda alpha: (0.0,),
))

register(Activation(
    name="leaky_relu", aliases=("lrelu",), params={"alpha": 0.1},
    function=relu, derivative_function=relu_derivative,
    formula="x if x > 0 else alpha * x", derivative_formula="1 if x > 0 else alpha",
    summary="leaky ReLU with the seed's alpha = 0.1 (PyTorch: 0.01)",
    kinks_function=lambda alpha: (0.0,),
))
