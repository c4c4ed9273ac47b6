"""actviz: look at activation functions and perceptrons.

    >>> import actviz
    >>> float(actviz.get("sigmoid")(0.0))
    0.5
"""

from actviz.activations import (
    Activation,
    ActivationError,
    ParameterError,
    UnknownActivationError,
    all_activations,
    get,
    names,
    register,
)

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "ActivationError",
    "ParameterError",
    "UnknownActivationError",
    "all_activations",
    "get",
    "names",
    "register",
    "__version__",
]
