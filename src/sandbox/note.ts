/**
 * note.com imitation: a ProseMirror body that takes rich paste (headings collapse to h2/h3), 公開に進む -> hashtags -> 投稿する, RSS. Landmarks from shared/platforms.md (third-party scripts, UNVERIFIED where so).
 */
import { createEditorSite } from './editor-site.js';
import { rss } from './feeds.js';
import { hex } from './ids.js';
import { rfc822, xmlEscape, type Site } from './site.js';

/** note: ProseMirror body, rich paste, headings collapse to h2/h3; 公開に進む -> hashtags -> 投稿する. */
export const createNoteSite = (): Site =>
  createEditorSite({
    id: 'note',
    name: 'note',
    look: { width: 620, accent: '#41c9b4' },
    cookieName: '_note_session_v5',
    editorPath: '/new',
    editor: 'tiptap',
    editorOptions: { collapseHeadings: true, dropPastedImages: true, attributes: { role: 'textbox', 'aria-multiline': 'true' } },
    // Images: assets.st-note.com; inserted through "+" (メニューを開く) -> 画像 -> a hidden file input
    // (drillan/note-mcp insert_image.py). Request shape and limit UNVERIFIED (10 MB assumed).
    host: { path: '/api/v1/upload_image', field: 'file', prefix: '/production/uploads/images/', maxBytes: 10 * 1024 * 1024, answer: (images) => ({ data: { url: images[0]!.url } }), insert: 'image', label: '画像を追加', menu: { open: 'メニューを開く', item: '画像' } },
    store: 'html',
    html: `<header><button type="button" id="save-draft">下書き保存</button> <button type="button" id="to-publish">公開に進む</button></header>
<div class="eyecatch"><button type="button" aria-label="画像を追加" onclick="document.getElementById('eyecatch-menu').hidden=false">＋</button>
<div id="eyecatch-menu" role="menu" hidden><label role="menuitem">画像をアップロード <input type="file" data-cover-input accept="image/*" style="width:0;opacity:0"></label></div>
<img data-cover-preview alt="見出し画像" width="320" hidden></div>
<div data-cover-confirm role="dialog" aria-label="画像の位置を調整" hidden style="position:fixed;top:20%;left:30%;z-index:70;background:#fff;border:1px solid #ccc;padding:16px"><p>画像の位置を調整</p><button type="button">保存</button></div>
<textarea id="title-field" placeholder="記事タイトル" rows="1" style="width:100%;font-size:1.6em"></textarea>
<div id="editor" style="min-height:300px"></div>
<section id="publish-settings" aria-label="公開設定" hidden>
  <h2>ハッシュタグ</h2><span id="tag-chips"></span><input id="hashtag-input" placeholder="ハッシュタグを追加する">
  <button type="button" id="post">投稿する</button>
</section>`,
    tags: { input: 'hashtag-input', commit: ['Enter'], max: 10 },
    steps: [{ id: 'to-publish', show: 'publish-settings' }, { id: 'post', submit: true }],
    after: 'link',
    postPath: (user, slug) => `/${user}/n/${slug}`,
    // Edit: editor.note.com/notes/<key>/edit/ (platforms.md); a published note's last button reads
    // 更新する instead of 投稿する (UNVERIFIED).
    edit: { path: (post) => `/notes/${post.slug}/edit/`, pattern: /^\/notes\/\w+\/edit\/?$/, labels: { post: '更新する' } },
    slug: () => `n${hex(6)}`,
    feed: {
      path: /^\/(\w+)\/rss\/?$/,
      render: (site, author, posts) =>
        rss(
          {
            title: author ?? '',
            link: `${site.origin}/${author}`,
            self: `${site.origin}/${author}/rss`,
            namespaces: ' xmlns:media="http://search.yahoo.com/mrss/" xmlns:note="https://note.com"',
            item: (p) => `<title>${xmlEscape(p.title)}</title><media:thumbnail>${site.origin}/img/${p.slug}.png</media:thumbnail><description><![CDATA[${p.description}]]></description><note:creatorName>${xmlEscape(p.author)}</note:creatorName><pubDate>${rfc822(p.publishedAt)}</pubDate><link>${xmlEscape(p.url)}</link><guid>${xmlEscape(p.url)}</guid>`,
          },
          posts,
        ),
    },
  });
