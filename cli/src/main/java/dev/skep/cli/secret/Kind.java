package dev.skep.cli.secret;

/** Secrets and configs share their commands; only the path, the words and a few columns differ. */
enum Kind {
    SECRET("secret"),
    CONFIG("config");

    final String word;

    Kind(String word) {
        this.word = word;
    }

    String path() {
        return "/" + word + "s";
    }
}
