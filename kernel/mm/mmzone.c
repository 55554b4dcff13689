/* mm/mmzone.c: the part boot uses, lruvec_init(). */
#include <linux/mmzone.h>
#include <linux/string.h>

/* Empty LRU lists (one per enum lru_list) and zeroed reclaim statistics. */
void lruvec_init(struct lruvec *lruvec)
{
	enum lru_list lru;

	memset(lruvec, 0, sizeof(struct lruvec));
	for_each_lru(lru)
		INIT_LIST_HEAD(&lruvec->lists[lru]);
}
