from django.urls import path

from . import views

urlpatterns = [
    path("", views.bulk_import, name="bulk_import"),
    path("modele-programme.csv", views.bulk_template_csv, name="bulk_template_csv"),
    path("modele-programme.xlsx", views.bulk_template_xlsx, name="bulk_template_xlsx"),
]
