from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from onewindow.api_errors import API_PREFIX

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Chinese unless the person chose English with the language switch (a cookie).

    A hall's PCs often carry browsers set to English; the browser's Accept-Language is therefore not
    a person's choice for pages. Programs calling the API may ask for English with Accept-Language.
    """

    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None
