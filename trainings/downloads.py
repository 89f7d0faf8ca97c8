"""The trainings' documents (programme, attendance sheets, report, certificates) as downloads,
and the verification of a certificate by its code. Routes in the lists below."""

public_urlpatterns: list = []
workspace_urlpatterns: list = []
certificate_urlpatterns: list = []
