"""`python -m luann.kernel -f connection.json`: start the luann Jupyter kernel."""
import sys

from .kernel import main

if __name__ == "__main__":
    sys.exit(main())
