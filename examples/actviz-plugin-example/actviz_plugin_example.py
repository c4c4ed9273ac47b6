"""Two activations for actviz, found through the entry points in pyproject.toml."""

import numpy as np

from actviz import Activation, ParameterError


def bent_identity(x):
    # (sqrt(x^2 + 1) - 1) / 2 + x, as x (x / (hypot(x, 1) + 1)) / 2 + x: no cancellation
    # near 0, and no x*x to overflow for huge x (x / (hypot(x, 1) + 1) is below 1 in size).
    return x * (x / (np.hypot(x, 1.0) + 1)) / 2 + x


def bent_identity_derivative(x):
    # hypot(x, 1) is sqrt(x^2 + 1) without overflow for huge x; x / hypot is at most 1 in size.
    return x / np.hypot(x, 1.0) / 2 + 1


def snake(x, alpha):
    # Ziyin et al. (2020): x + sin^2(alpha x) / alpha, periodic wiggles on a line.
    return x + np.sin(alpha * x) ** 2 / alpha


def snake_derivative(x, alpha):
    return 1 + np.sin(2 * alpha * x)


def check_snake(alpha):
    if alpha <= 0:
        raise ParameterError(f"snake parameter alpha={alpha:g} must be positive")


bent_identity = Activation(
    name="bent_identity", function=bent_identity, derivative_function=bent_identity_derivative,
    formula="(sqrt(x^2 + 1) - 1) / 2 + x", derivative_formula="x / (2 sqrt(x^2 + 1)) + 1",
    summary="bent identity (example plugin)",
)

snake = Activation(
    name="snake", params={"alpha": 1.0}, function=snake, derivative_function=snake_derivative,
    formula="x + sin(alpha x)^2 / alpha", derivative_formula="1 + sin(2 alpha x)",
    summary="snake, periodic (example plugin)", check=check_snake,
)
