"""The hearings' documents as downloads: public (published kinds of public hearings) and in the
workspace (every kind, for those who may read the hearing). Routes in the lists below."""

public_urlpatterns: list = []
workspace_urlpatterns: list = []
