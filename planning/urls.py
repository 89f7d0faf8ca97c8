"""The planning workspace under /<lang>/workspace/ (namespace "planning"), one list per room.

A newcomer finds a page in two hops: the path's words name the room (…/review/, …/export/,
…/documents/), and the room's urls.py names the view.
"""

from planning.authoring import urls as authoring
from planning.exchange import urls as exchange
from planning.publication import urls as publication
from planning.review import urls as review

app_name = "planning"

urlpatterns = [
    *authoring.urlpatterns,
    *exchange.urlpatterns,
    *review.urlpatterns,
    *publication.workspace_urlpatterns,
]
