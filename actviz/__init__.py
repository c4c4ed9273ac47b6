"""actviz: look at activation functions and perceptrons.

    >>> import actviz
    >>> float(actviz.get("sigmoid")(0.0))
    0.5
"""

from actviz.activations import (
    Activation,
    ActivationError,
    ParameterError,
    PluginWarning,
    UnknownActivationError,
    all_activations,
    get,
    names,
    register,
)
from actviz.expression import ExpressionError, from_expression

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "ActivationError",
    "ExpressionError",
    "ParameterError",
    "PluginWarning",
    "UnknownActivationError",
    "all_activations",
    "from_expression",
    "get",
    "names",
    "register",
    "__version__",
]
