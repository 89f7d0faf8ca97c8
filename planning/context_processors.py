"""Template context shared by every page of a signed-in person."""

from planning.review.notifications import unread_count


def notifications(request):
    """The number of unread notifications, for the menu (one small query, signed-in only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
