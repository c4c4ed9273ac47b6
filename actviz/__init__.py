"""actviz: look at activation functions and perceptrons.

    >>> import actviz
    >>> float(actviz.get("sigmoid")(0.0))
    0.5
"""

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

_FROM_EXPRESSION = {"ExpressionError", "from_expression"}


def __getattr__(name):
    # The registry (and with it numpy) loads on first use, not on `import actviz`: the
    # command line imports this package for `--help` and shell completion, which need
    # neither (PEP 562).
    if name in _FROM_EXPRESSION:
        from actviz import expression

        return getattr(expression, name)
    if name in __all__:
        from actviz import activations

        return getattr(activations, name)
    raise AttributeError(f"module 'actviz' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
