package dev.plumbline.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;

/**
 * The web UI lives at {@code /ui/} (static files from the jar's {@code ui/} folder, see {@code application.yml});
 * {@code /} sends the browser there, so the agent's bare address opens the UI. (Not {@code /ui} too: Micronaut
 * matches a route with or without its trailing slash, so that would redirect {@code /ui/} to itself.)
 */
@Controller
@Hidden
public class UiController {

    static final URI UI = URI.create("/ui/");

    @Get("/")
    public HttpResponse<?> root() {
        return HttpResponse.seeOther(UI);
    }
}
