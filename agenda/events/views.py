from django.http import HttpResponse


def home(request):
    return HttpResponse("todo")


past = event_detail = accessibility = home
