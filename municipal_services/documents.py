"""The joint action plan's PDF (ky, ru), rendered by the Celery worker through documents/.

Owned by the JAP documents room: register_documents() is called from apps.py's ready().
"""


def register_documents() -> None:
    """Register the JAP's document kind with documents.registry (to be written)."""


def request_jap_pdfs(plan) -> None:
    """Ask for the plan's PDF in Kyrgyz and Russian (to be written)."""
